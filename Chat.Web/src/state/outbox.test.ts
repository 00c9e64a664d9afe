import { describe, expect, it } from 'vitest';
import { Outbox, type Unsent } from './outbox';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const unsent = (id: string, key = 'u:2'): Unsent => ({ key, clientMessageId: id, text: `text ${id}`, sentAt: '2025-01-01T10:00:00.000Z' });

describe('outbox', () => {
  it('keeps unsent messages in storage, per user, in the order typed', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, 1);

    outbox.add(unsent('a'));
    outbox.add(unsent('b', 'g:7'));

    expect(JSON.parse(storage.items.get('chat.outbox.1')!)).toEqual([unsent('a'), unsent('b', 'g:7')]);
    expect(new Outbox(storage, 1).list()).toEqual([unsent('a'), unsent('b', 'g:7')]);
    expect(new Outbox(storage, 2).list()).toEqual([]);
  });

  it('forgets a message once acknowledged, and the stored list once empty', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, 1);
    outbox.add(unsent('a'));
    outbox.add(unsent('b'));

    outbox.remove('a');
    expect(new Outbox(storage, 1).list()).toEqual([unsent('b')]);
    outbox.remove('b');

    expect(outbox.list()).toEqual([]);
    expect(storage.items.has('chat.outbox.1')).toBe(false);
  });

  it('keeps what another tab of the same user stored', () => {
    const storage = memoryStorage();
    const tab1 = new Outbox(storage, 1);
    const tab2 = new Outbox(storage, 1);

    tab1.add(unsent('a'));
    tab2.add(unsent('b'));
    tab1.remove('a');

    expect(tab1.list()).toEqual([]);
    expect(new Outbox(storage, 1).list()).toEqual([unsent('b')]);
  });

  it('adding the same clientMessageId again moves it to the end instead of doubling it', () => {
    const outbox = new Outbox(memoryStorage(), 1);
    outbox.add(unsent('a'));
    outbox.add(unsent('b'));

    outbox.add(unsent('a'));

    expect(outbox.list().map((m) => m.clientMessageId)).toEqual(['b', 'a']);
  });

  it('ignores stored garbage and keeps working when storage refuses', () => {
    const storage = memoryStorage();
    storage.items.set('chat.outbox.1', '{not json');
    expect(new Outbox(storage, 1).list()).toEqual([]);
    storage.items.set('chat.outbox.1', JSON.stringify([unsent('a'), { key: 1 }, null]));
    expect(new Outbox(storage, 1).list()).toEqual([unsent('a')]);

    const full = { ...storage, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    const outbox = new Outbox(full, 3);
    outbox.add(unsent('b'));
    expect(outbox.list()).toEqual([unsent('b')]);
  });

  it('forgets everything on clear (logging out)', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, 1);
    outbox.add(unsent('a'));

    outbox.clear();

    expect(outbox.list()).toEqual([]);
    expect(storage.items.size).toBe(0);
  });
});
