namespace Chat.Server.Realtime;

/// <summary>A single node holds every connection there is.</summary>
internal sealed class LocalSessionControl(ConnectionRegistry registry) : ISessionControl
{
    public Task CloseUserAsync(int userId)
    {
        registry.AbortUser(userId);
        return Task.CompletedTask;
    }

    public Task CloseUserExceptAsync(int userId, Guid keptFamily)
    {
        registry.AbortUserExcept(userId, keptFamily);
        return Task.CompletedTask;
    }

    public Task CloseSessionAsync(Guid family)
    {
        registry.AbortSession(family);
        return Task.CompletedTask;
    }
}
