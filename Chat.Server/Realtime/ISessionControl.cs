namespace Chat.Server.Realtime;

/// <summary>Closes a user's hub connections wherever they are (on logout), or those of one login's
/// session family (when a reused refresh token ends it).</summary>
internal interface ISessionControl
{
    Task CloseUserAsync(int userId);

    /// <summary>Closes the user's connections but those of one session family (the one that changed the password).</summary>
    Task CloseUserExceptAsync(int userId, Guid keptFamily);

    Task CloseSessionAsync(Guid family);
}
