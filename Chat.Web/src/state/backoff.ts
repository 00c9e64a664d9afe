/** Waits never grow beyond this: a server that is back gets tried again within 10 s even without a probe. */
const capMs = 10_000;

/** "Full jitter" (AWS Architecture Blog): a random wait in [0, min(cap, base·2^retry)). */
export function fullJitterDelay(retry: number, random: () => number = Math.random, baseMs = 1000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before connection attempt `retry` (0 first). The first goes at once: a dropped socket
 * usually means one node went away, and the entry sends the retry to another.
 */
export function retryDelay(retry: number, random: () => number = Math.random): number {
  return retry === 0 ? 0 : fullJitterDelay(retry, random);
}
