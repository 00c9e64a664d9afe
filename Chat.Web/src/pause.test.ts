import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryPause } from './pause';

/** A server the probes reach or not, as the test says; counts the probes. */
function fakeServer() {
  const server = { up: false, probes: 0 };
  const probing = {
    probe: async () => {
      server.probes++;
      return server.up;
    },
    probeEvery: () => 500,
  };
  return { server, pause: new RetryPause(probing) };
}

/** Whether `promise` has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('the wait between connection attempts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lasts its full time while the server stays away', async () => {
    const { server, pause } = fakeServer();

    const wait = pause.wait(8000);
    await vi.advanceTimersByTimeAsync(7999);
    expect(await settled(wait)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(await settled(wait)).toBe(true);
    expect(server.probes).toBe(16);
  });

  it('ends within one probe interval of the server coming back', async () => {
    const { server, pause } = fakeServer();
    const wait = pause.wait(10_000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await settled(wait)).toBe(false);

    server.up = true;
    await vi.advanceTimersByTimeAsync(500);

    expect(await settled(wait)).toBe(true);
  });

  it('backs off from a server that answers but refused the hub: one probe, then the full wait', async () => {
    const { server, pause } = fakeServer();
    server.up = true;

    const wait = pause.wait(4000);
    await vi.advanceTimersByTimeAsync(3999);
    expect(await settled(wait)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(await settled(wait)).toBe(true);
    expect(server.probes).toBe(1);
  });

  it('ends at once on a wake-up (Retry now, online, tab shown)', async () => {
    const { pause } = fakeServer();
    const wait = pause.wait(10_000);

    pause.wake();

    expect(await settled(wait)).toBe(true);
  });

  it('skips the next wait when woken during an attempt', async () => {
    const { pause } = fakeServer();

    pause.wake();

    expect(await settled(pause.wait(10_000))).toBe(true);
    expect(await settled(pause.wait(10_000))).toBe(false);
  });

  it('does not wait at all for the first retry', async () => {
    const { server, pause } = fakeServer();

    expect(await settled(pause.wait(0))).toBe(true);
    expect(server.probes).toBe(0);
  });

  it('stops probing once a wait is over', async () => {
    const { server, pause } = fakeServer();
    const wait = pause.wait(10_000);
    await vi.advanceTimersByTimeAsync(1000);
    pause.wake();
    await wait;
    const probes = server.probes;

    await vi.advanceTimersByTimeAsync(10_000);

    expect(server.probes).toBe(probes);
  });
});
