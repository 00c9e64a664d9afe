namespace Chat.Server.Realtime;

/// <summary>Closes a user's hub connections wherever they are (on logout), or those of one login's
/// session family (when a reused refresh token ends it).</summary>
internal interface ISessionControl
{
    Task CloseUserAsync(int userId);

    Task CloseSessionAsync(Guid family);
}
