import type { SyncResult } from '../api/types';
import { maxPosition } from './chat';

/**
 * Catch-up: asks for everything after `after` (null: the offline messages at login) and keeps asking
 * from the largest id or change id of each page while the server says there is more: the server's pages
 * are the first positions of one stream of new messages and changes. Returns the cursor reached.
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
    const page = [...result.messages, ...(result.updates ?? [])];
    cursor = maxPosition(cursor, page);
    if (!result.hasMore || page.length === 0) return cursor;
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
