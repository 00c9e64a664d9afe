import { describe, expect, it } from 'vitest';
import { fullJitterDelay, reconnectForever } from './backoff';

describe('reconnect backoff', () => {
  it('waits a random time up to a cap that doubles, never above 30 s', () => {
    expect(fullJitterDelay(0, () => 0.999)).toBeLessThan(1000);
    expect(fullJitterDelay(3, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(50, () => 0.999)).toBeLessThan(30_000);
    expect(fullJitterDelay(5, () => 0)).toBe(0);
  });

  it('never gives up', () => {
    for (const previousRetryCount of [0, 10, 1000, 1e6]) {
      expect(reconnectForever.nextRetryDelayInMilliseconds({ previousRetryCount })).toBeGreaterThanOrEqual(0);
    }
  });
});
