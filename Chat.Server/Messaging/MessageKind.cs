namespace Chat.Server.Messaging;

internal enum MessageKind : byte
{
    Direct = 1,
    Group = 2,
}
