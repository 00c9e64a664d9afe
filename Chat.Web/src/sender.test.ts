import { describe, expect, it } from 'vitest';
import type { Message } from './api/types';
import { Sender } from './sender';
import { Outbox, type Unsent } from './state/outbox';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const unsent = (id: string): Unsent => ({ key: 'u:2', clientMessageId: id, text: `text ${id}`, sentAt: '2025-01-01T10:00:00.000Z' });

/** What happens to the next call: the connection drops before or after the server stored it, or the server refuses. */
type Mishap = { drop: 'before storing' | 'after storing' } | { refuse: string };

/** A hub that stores each clientMessageId once, as the server does, and answers a resend with the stored message. */
function fakeHub() {
  const hub = {
    connected: true,
    mishaps: [] as Mishap[],
    calls: [] as string[],
    inFlight: 0,
    maxInFlight: 0,
    stored: new Map<string, Message>(),
    sent: [] as number[],
    refused: [] as [string, string][],
  };
  const store = (m: Unsent): Message => {
    const message = hub.stored.get(m.clientMessageId) ?? {
      id: hub.stored.size + 1, kind: 'direct', senderId: 1, senderName: 'me', recipientId: 2, groupId: null,
      text: m.text, sentAt: m.sentAt, clientMessageId: m.clientMessageId,
    };
    hub.stored.set(m.clientMessageId, message);
    return message;
  };
  const handlers = {
    connected: () => hub.connected,
    send: async (m: Unsent): Promise<Message> => {
      hub.calls.push(m.clientMessageId);
      hub.inFlight++;
      hub.maxInFlight = Math.max(hub.maxInFlight, hub.inFlight);
      await Promise.resolve();
      hub.inFlight--;
      const mishap = hub.mishaps.shift();
      if (mishap && 'refuse' in mishap) {
        throw new Error(`An unexpected error occurred invoking 'SendDirect' on the server. HubException: ${mishap.refuse}`);
      }
      if (mishap) {
        if (mishap.drop === 'after storing') store(m);
        hub.connected = false;
        throw new Error('Invocation canceled due to the underlying connection being closed.');
      }
      return store(m);
    },
    sent: (m: Message) => void hub.sent.push(m.id),
    refused: (m: Unsent, reason: string) => void hub.refused.push([m.clientMessageId, reason]),
  };
  return { hub, handlers };
}

const waiting = (outbox: Outbox) => outbox.list().map((m) => m.clientMessageId);

describe('sender', () => {
  it('sends one message at a time, in the order typed, and forgets each once acknowledged', async () => {
    const storage = memoryStorage();
    const { hub, handlers } = fakeHub();
    const sender = new Sender(new Outbox(storage, 1), handlers);

    void sender.queue(unsent('a'));
    void sender.queue(unsent('b'));
    await sender.queue(unsent('c'));

    expect(hub.calls).toEqual(['a', 'b', 'c']);
    expect(hub.maxInFlight).toBe(1);
    expect(hub.sent).toEqual([1, 2, 3]);
    expect(waiting(new Outbox(storage, 1))).toEqual([]);
  });

  it('holds messages while disconnected and sends them in order once connected', async () => {
    const storage = memoryStorage();
    const { hub, handlers } = fakeHub();
    hub.connected = false;
    const sender = new Sender(new Outbox(storage, 1), handlers);

    await sender.queue(unsent('a'));
    await sender.queue(unsent('b'));
    expect(hub.calls).toEqual([]);
    expect(waiting(new Outbox(storage, 1))).toEqual(['a', 'b']);

    hub.connected = true;
    await sender.flush();

    expect(hub.calls).toEqual(['a', 'b']);
    expect(waiting(new Outbox(storage, 1))).toEqual([]);
  });

  it('keeps a message whose call the connection drop cut off, and resends it with the same clientMessageId', async () => {
    const storage = memoryStorage();
    const { hub, handlers } = fakeHub();
    const sender = new Sender(new Outbox(storage, 1), handlers);
    hub.mishaps = [{ drop: 'before storing' }];

    await sender.queue(unsent('a'));
    await sender.queue(unsent('b'));
    expect(hub.calls).toEqual(['a']);
    expect(waiting(new Outbox(storage, 1))).toEqual(['a', 'b']);
    expect(hub.refused).toEqual([]);

    hub.connected = true;
    await sender.flush();

    expect(hub.calls).toEqual(['a', 'a', 'b']);
    expect([...hub.stored.keys()]).toEqual(['a', 'b']);
  });

  it('shows a refused message as failed with the reason and does not retry it', async () => {
    const storage = memoryStorage();
    const { hub, handlers } = fakeHub();
    const sender = new Sender(new Outbox(storage, 1), handlers);
    hub.mishaps = [{ refuse: 'You can only message your friends.' }];

    await sender.queue(unsent('a'));
    await sender.queue(unsent('b'));
    await sender.flush();

    expect(hub.refused).toEqual([['a', 'You can only message your friends.']]);
    expect(hub.calls).toEqual(['a', 'b']);
    expect(waiting(new Outbox(storage, 1))).toEqual([]);
  });

  it('after a reload, sends what the last page left with the original clientMessageIds, each stored once', async () => {
    const storage = memoryStorage();
    const { hub, handlers } = fakeHub();
    hub.mishaps = [{ drop: 'after storing' }];
    const first = new Sender(new Outbox(storage, 1), handlers);
    await first.queue(unsent('a'));
    await first.queue(unsent('b'));

    hub.connected = true;
    const reloaded = new Outbox(storage, 1);
    expect(waiting(reloaded)).toEqual(['a', 'b']);
    await new Sender(reloaded, handlers).flush();

    expect(hub.calls).toEqual(['a', 'a', 'b']);
    expect(hub.sent).toEqual([1, 2]);
    expect(hub.stored.size).toBe(2);
    expect(waiting(reloaded)).toEqual([]);
  });
});
