namespace Chat.Server.Realtime;

/// <summary>When a user and conversation last had a typing notice let through, and its refusal if it got one.</summary>
internal readonly record struct TypingGate(long At, Refused? Refusal);
