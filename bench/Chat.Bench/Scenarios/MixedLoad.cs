using System.Text.Json;
using Chat.Bench.Setup;

namespace Chat.Bench.Scenarios;

/// <summary>The mixed load. Operation i is user i mod n's, as in the direct load; its kind comes from the
/// shares' pattern, each user one slot further on per round, so every user does every kind and every round
/// holds the shares. Edits change the user's own latest plain message and reactions toggle an emoji on the
/// friend's latest reply: no message is ever changed by both people of a pair at once, whose changes could
/// otherwise be answered with one change id (the answer reads the message back after the commit).</summary>
internal sealed class MixedLoad : PairLoad
{
    public const int SendKind = 0;
    public const int ReplyKind = 1;
    public const int EditKind = 2;
    public const int ReactKind = 3;

    private static readonly JsonEncodedText SendMessage = JsonEncodedText.Encode("SendMessage");
    private static readonly JsonEncodedText EditMessage = JsonEncodedText.Encode("EditMessage");
    private static readonly JsonEncodedText ReactMethod = JsonEncodedText.Encode("React");
    private static readonly JsonEncodedText Emoji = JsonEncodedText.Encode("👍");
    private static readonly JsonEncodedText ToUserId = JsonEncodedText.Encode("toUserId");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText ClientMessageId = JsonEncodedText.Encode("clientMessageId");
    private static readonly JsonEncodedText ReplyToId = JsonEncodedText.Encode("replyToId");

    private readonly int[] _pattern;
    private readonly long[] _lastPlain;
    private readonly long[] _lastReply;
    private readonly (long Message, bool On)[] _reacted;
    private MixedStep? _step;

    public MixedLoad(Uri entry, BenchUser[] pairs, MixedShares shares, MixedSeeds seeds) : base(entry, pairs)
    {
        _pattern = shares.Pattern();
        (_lastPlain, _lastReply) = (seeds.Plain, seeds.Reply);
        _reacted = new (long, bool)[pairs.Length];
        Kinds = new OperationKinds(MixedShares.Kinds, [.. shares.Percents.Select(p => p / 100)], KindOf);
    }

    public override string Scenario => "mixed";

    public override OperationKinds Kinds { get; }

    public int KindOf(int index) => _pattern[(SenderOf(index) + (index / Users.Length)) % _pattern.Length];

    /// <summary>Runs on the open-loop thread alone, which therefore owns the reaction toggles.</summary>
    public override void Send(StepRecorder recorder, int index)
    {
        var step = Volatile.Read(ref _step);
        if (step?.Recorder != recorder)
        {
            Volatile.Write(ref _step, step = new MixedStep(recorder));
        }

        var sender = SenderOf(index);
        var friend = Friend(sender);
        switch (KindOf(index))
        {
            case SendKind:
                SendPlain(recorder, index, 'm');
                break;
            case ReplyKind:
                var answered = Volatile.Read(ref _lastPlain[friend]);
                Volatile.Write(ref step.Targets[index], answered);
                Invoke(recorder, sender, index, SendMessage, (To: Users[friend].Id, recorder.Step, Index: index, ReplyTo: answered), static (json, m) =>
                {
                    json.WriteStartObject();
                    json.WriteNumber(ToUserId, m.To);
                    json.WriteString(Text, Texts.HundredJson);
                    json.WritePropertyName(ClientMessageId);
                    Texts.WriteClientMessageId(json, 'm', m.Step, m.Index);
                    json.WriteNumber(ReplyToId, m.ReplyTo);
                    json.WriteEndObject();
                });
                break;
            case EditKind:
                var edited = Volatile.Read(ref _lastPlain[sender]);
                Volatile.Write(ref step.Targets[index], edited);
                Invoke(recorder, sender, index, EditMessage, (Message: edited, Text: Texts.Edit(recorder.Step, index)), static (json, m) =>
                {
                    json.WriteNumberValue(m.Message);
                    json.WriteStringValue(m.Text);
                });
                break;
            default:
                var reacted = Volatile.Read(ref _lastReply[friend]);
                var add = _reacted[sender].Message != reacted || !_reacted[sender].On;
                _reacted[sender] = (reacted, add);
                step.Adds[index] = add;
                Volatile.Write(ref step.Targets[index], reacted);
                Invoke(recorder, sender, index, ReactMethod, (Message: reacted, Add: add), static (json, m) =>
                {
                    json.WriteNumberValue(m.Message);
                    json.WriteStringValue(Emoji);
                    json.WriteBooleanValue(m.Add);
                });
                break;
        }
    }

    public override void StepEnded(StepRecorder recorder)
    {
        if (Volatile.Read(ref _step) is { } step && step.Recorder == recorder)
        {
            for (var i = step.Unexplained(); i > 0; i--)
            {
                recorder.Stray();
            }
        }
    }

    protected override void Answered(StepRecorder recorder, int index, string? error, ReadOnlySpan<byte> result)
    {
        recorder.Answered(index, error);
        if (error is not null || Volatile.Read(ref _step) is not { } step || step.Recorder != recorder || (uint)index >= (uint)recorder.Messages)
        {
            return;
        }

        var kind = KindOf(index);
        var message = WireView.Read(result, updated: false);
        var target = Volatile.Read(ref step.Targets[index]);
        if (!message.Valid)
        {
            recorder.Bad($"the answer to a {MixedShares.Kinds[kind]} is not a message");
        }
        else if (kind == SendKind)
        {
            Volatile.Write(ref _lastPlain[SenderOf(index)], message.Id);
        }
        else if (kind == ReplyKind)
        {
            if (message.ReplyToId != target)
            {
                recorder.Bad("the answer to a reply does not name the message it answers");
            }

            Volatile.Write(ref _lastReply[SenderOf(index)], message.Id);
        }
        else if (message.Id != target || message.ChangeId <= message.Id)
        {
            recorder.Bad($"the answer to an {MixedShares.Kinds[kind]} names another message or no change id");
        }
        else if (step.Answered(message.ChangeId, index) is { } early)
        {
            foreach (var update in early)
            {
                Match(step, index, update);
            }
        }
        else
        {
            recorder.Bad($"two changes answered with one change id ({message.ChangeId})");
        }
    }

    protected override void Received(StepRecorder recorder, in WireView message, int receiver)
    {
        if (Volatile.Read(ref _step) is not { } step || step.Recorder != recorder)
        {
            return;
        }

        if (message.Updated)
        {
            Arrived(step, message, receiver);
            return;
        }

        if (!Texts.TryParse(message.ClientMessageId, 'm', out var stepNumber, out var index) || stepNumber != recorder.Step)
        {
            return;
        }

        if ((uint)index >= (uint)recorder.Messages || KindOf(index) is not (SendKind or ReplyKind) ||
            message.ReplyToId != (KindOf(index) == ReplyKind ? Volatile.Read(ref step.Targets[index]) : null))
        {
            recorder.Bad("a MessageReceived that is no send or reply of the step, or answers another message than sent");
            return;
        }

        recorder.Delivered(index, receiver == Friend(SenderOf(index)) ? 0 : -1);
    }

    /// <summary>Reads what a check needs now (the push's buffer is reused) and matches it to its operation when
    /// that was answered already. Whoever may see a direct message is one of the pair: the receiver or its friend
    /// made the change, so the reaction checked is its friend's.</summary>
    private void Arrived(MixedStep step, in WireView message, int receiver)
    {
        if (message.ChangeId <= message.Id)
        {
            step.Recorder.Bad("a MessageUpdated whose changeId is not past its id");
            return;
        }

        var edit = Texts.TryParseEdit(message.TextEscaped ? default : message.Text, out var editStep, out var editIndex);
        var update = new ArrivedUpdate(Metrics.Clock.Now, receiver, message.Id, edit ? editStep : -1, edit ? editIndex : -1,
            message.HasReaction("👍"u8, Users[Friend(receiver)].Id));
        var index = step.Arrived(message.ChangeId, update);
        if (index >= 0)
        {
            Match(step, index, update);
        }
    }

    /// <summary>The actor's own copy is not counted; the friend's must show the change that was made.</summary>
    private void Match(MixedStep step, int index, ArrivedUpdate update)
    {
        var actor = SenderOf(index);
        var recorder = step.Recorder;
        if (update.Receiver == actor)
        {
            return;
        }

        var kind = KindOf(index);
        if (update.Receiver != Friend(actor))
        {
            recorder.Delivered(index, -1);
        }
        else if (update.MessageId != Volatile.Read(ref step.Targets[index]))
        {
            recorder.Bad($"an {MixedShares.Kinds[kind]}'s MessageUpdated names another message than was changed");
        }
        else if (kind == EditKind && (update.EditStep != recorder.Step || update.EditIndex != index))
        {
            recorder.Bad("an edit's MessageUpdated does not hold the edited text");
        }
        else if (kind == ReactKind && update.ActorReacted != step.Adds[index])
        {
            recorder.Bad("a reaction's MessageUpdated does not show the reaction added or taken away");
        }
        else
        {
            recorder.Delivered(index, 0, update.At);
        }
    }
}
