namespace Chat.Server;

/// <summary>The kinds of refusal; each has its REST status (see <see cref="Refused"/>).</summary>
internal enum Refusal
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    TooMany,
    Unauthorized,
}
