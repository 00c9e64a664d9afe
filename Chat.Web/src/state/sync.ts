import type { SyncResult } from '../api/types';

/**
 * Catch-up: asks for everything after `after` (null: the offline messages at login) and keeps asking
 * with the last id of each page while the server says there is more. Returns the last id seen.
 */
export async function catchUp(
  sync: (after: number | null) => Promise<SyncResult>,
  after: number | null,
  apply: (result: SyncResult) => void,
): Promise<number | null> {
  let cursor = after;
  for (;;) {
    const result = await sync(cursor);
    apply(result);
    const last = result.messages.at(-1);
    if (last && (cursor === null || last.id > cursor)) cursor = last.id;
    if (!result.hasMore || !last) return cursor;
  }
}

/**
 * Runs catch-ups one at a time: a request that comes while one runs (a SyncRequired during the
 * reconnect's own catch-up) runs once more after it, from the newest id by then.
 */
export class CatchUpQueue {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly run: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.run();
    } while (this.again);
  }
}
