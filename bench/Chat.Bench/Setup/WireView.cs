using System.Text.Json;

namespace Chat.Bench.Setup;

/// <summary>The fields of a Message (../shared/PROTOCOL.md) that a step checks, read straight from the UTF-8
/// JSON of a push or an answer. Spans point into the connection's receive buffer and live only as long as
/// the call they are handed to. <see cref="Valid"/> is false when the JSON is not a message at all.</summary>
internal readonly ref struct WireView
{
    public bool Valid { get; init; }

    /// <summary>A MessageUpdated push; otherwise MessageReceived (or an answer).</summary>
    public bool Updated { get; init; }

    public long Id { get; init; }

    public long ChangeId { get; init; }

    public int? GroupId { get; init; }

    public long? ReplyToId { get; init; }

    /// <summary>Empty when absent or escaped (the load's own ids never need escaping).</summary>
    public ReadOnlySpan<byte> ClientMessageId { get; init; }

    /// <summary>As on the wire: possibly escaped.</summary>
    public ReadOnlySpan<byte> Text { get; init; }

    public bool TextEscaped { get; init; }

    /// <summary>The raw JSON array of reactions; empty when absent.</summary>
    public ReadOnlySpan<byte> Reactions { get; init; }

    /// <summary>Reads the message object at the start of <paramref name="json"/>.</summary>
    public static WireView Read(ReadOnlySpan<byte> json, bool updated)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        long id = 0, changeId = 0;
        int? groupId = null;
        long? replyToId = null;
        ReadOnlySpan<byte> clientMessageId = default, text = default, reactions = default;
        var textEscaped = false;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("changeId"u8))
                {
                    reader.Read();
                    changeId = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("clientMessageId"u8))
                {
                    reader.Read();
                    clientMessageId = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : default;
                }
                else if (reader.ValueTextEquals("groupId"u8))
                {
                    reader.Read();
                    groupId = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                }
                else if (reader.ValueTextEquals("replyToId"u8))
                {
                    reader.Read();
                    replyToId = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    text = reader.ValueSpan;
                    textEscaped = reader.ValueIsEscaped;
                }
                else if (reader.ValueTextEquals("reactions"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    reactions = json[start..(int)reader.BytesConsumed];
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return default;
        }

        return new WireView
        {
            Valid = id > 0,
            Updated = updated,
            Id = id,
            ChangeId = changeId,
            GroupId = groupId,
            ReplyToId = replyToId,
            ClientMessageId = clientMessageId,
            Text = text,
            TextEscaped = textEscaped,
            Reactions = reactions,
        };
    }

    /// <summary>Whether the reactions hold <paramref name="emoji"/> from <paramref name="userId"/>; null
    /// when they are not a well-formed array of reactions.</summary>
    public bool? HasReaction(ReadOnlySpan<byte> emoji, int userId)
    {
        if (Reactions.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(Reactions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var isEmoji = false;
                var hasUser = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("emoji"u8))
                    {
                        reader.Read();
                        isEmoji = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(emoji);
                    }
                    else if (reader.ValueTextEquals("userIds"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            return null;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                        {
                            hasUser |= reader.GetInt32() == userId;
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                found |= isEmoji && hasUser;
            }

            return reader.TokenType == JsonTokenType.EndArray ? found : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
