/** "Full jitter" (AWS Architecture Blog): a random wait up to an exponentially growing cap. */
export function fullJitterDelay(retry: number, random: () => number = Math.random, baseMs = 1000, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** A SignalR retry policy that never gives up. */
export const reconnectForever = {
  nextRetryDelayInMilliseconds: (context: { previousRetryCount: number }): number =>
    fullJitterDelay(context.previousRetryCount),
};
