namespace Chat.Server.Presence;

/// <summary>This process's name in the cluster; unique per process, so a restarted node never owns a
/// dead one's leftovers.</summary>
internal sealed record NodeIdentity(string Id);
