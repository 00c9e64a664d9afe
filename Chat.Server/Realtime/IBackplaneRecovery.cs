namespace Chat.Server.Realtime;

/// <summary>A step of putting this node right after its backplane was broken. Steps run in the order they
/// are registered, once the backplane delivers again; a step that throws makes the whole recovery run again.</summary>
internal interface IBackplaneRecovery
{
    /// <summary>Puts right what the failure since <paramref name="brokenSince"/> (the earliest failure not yet
    /// recovered from) may have left wrong.</summary>
    Task RecoverAsync(DateTime brokenSince, CancellationToken ct);
}
