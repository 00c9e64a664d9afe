interface Probing {
  /** Whether the server answers at all: a cheap request that opens no hub connection. */
  probe(): Promise<boolean>;
  /** How long to wait between two probes, in ms. */
  probeEvery(): number;
}

/**
 * The wait between two connection attempts. It ends early on `wake()` (Retry now, back online, tab
 * shown), and when probes see the server answer after having seen it away: the backoff spares a
 * server that answers but refuses the hub, the probes find a restarted one within a second.
 */
export class RetryPause {
  private end: (() => void) | null = null;
  private woken = false;

  constructor(private readonly probing: Probing) {}

  /** Ends the current wait, or the next one when an attempt is under way. */
  wake(): void {
    if (this.end) this.end();
    else this.woken = true;
  }

  wait(ms: number): Promise<void> {
    if (this.woken || ms <= 0) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((done) => {
      let over = false;
      const finish = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        this.end = null;
        done();
      };
      const timer = setTimeout(finish, ms);
      this.end = finish;
      void this.watch(() => over, finish);
    });
  }

  private async watch(over: () => boolean, finish: () => void): Promise<void> {
    let away = false;
    while (!over()) {
      const answers = await this.probing.probe().catch(() => false);
      if (over()) return;
      if (answers) {
        // Away before: it has just come back. Never away: it answers but refused the hub, so back off.
        if (away) finish();
        return;
      }
      away = true;
      await new Promise((resume) => setTimeout(resume, this.probing.probeEvery()));
    }
  }
}
