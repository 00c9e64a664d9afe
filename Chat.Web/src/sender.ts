import { hubFailure } from './api/errors';
import type { Message } from './api/types';
import type { Outbox, Unsent } from './state/outbox';

interface Handlers {
  send(message: Unsent): Promise<Message>;
  connected(): boolean;
  sent(stored: Message): void;
  refused(message: Unsent, reason: string): void;
}

/**
 * Sends the outbox one message at a time, in the order typed, whenever connected. A message whose
 * call got no answer (the connection dropped) stays first, to go again with the same clientMessageId
 * once connected: the server stores it once and answers a resend with the stored message. One the
 * server refuses (a HubException: not a friend, too long, …) leaves the outbox and shows as failed.
 */
export class Sender {
  private draining = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(private readonly outbox: Outbox, private readonly on: Handlers) {}

  queue(message: Unsent): Promise<void> {
    this.outbox.add(message);
    return this.flush();
  }

  /** Sends what waits; a drain under way takes what is queued meanwhile too. */
  flush(): Promise<void> {
    if (this.draining) return this.drained;
    this.draining = true;
    this.drained = this.drain();
    return this.drained;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.outbox.list()[0]; next && this.on.connected(); next = this.outbox.list()[0]) {
        if (!(await this.sendOne(next))) return;
      }
    } finally {
      // Cleared in the same step as the last look at the outbox, so a message queued after it starts a new drain.
      this.draining = false;
    }
  }

  /** Whether the next message may go. */
  private async sendOne(message: Unsent): Promise<boolean> {
    try {
      const stored = await this.on.send(message);
      this.outbox.remove(message.clientMessageId);
      this.on.sent(stored);
      return true;
    } catch (e) {
      const failure = hubFailure(e);
      if (!failure.fromServer) return false;
      this.outbox.remove(message.clientMessageId);
      this.on.refused(message, failure.reason);
      return true;
    }
  }
}
