namespace Chat.Server;

/// <summary>A value for methods that return nothing but may be refused.</summary>
internal readonly record struct Done;
