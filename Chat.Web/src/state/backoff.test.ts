import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

describe('reconnect backoff', () => {
  it('tries again at once after a drop', () => {
    expect(retryDelay(0, () => 0.999)).toBe(0);
  });

  it('then waits a random time in [0, min(10 s, 1 s·2^n)]', () => {
    for (let retry = 1; retry < 40; retry++) {
      const ceiling = Math.min(10_000, 1000 * 2 ** retry);
      expect(retryDelay(retry, () => 0)).toBe(0);
      expect(retryDelay(retry, () => 0.5)).toBe(ceiling / 2);
      expect(retryDelay(retry, () => 0.999_999)).toBe(ceiling - 1);
    }
  });

  it('is capped at 10 s and never gives up', () => {
    expect(retryDelay(3, () => 0.999_999)).toBe(7999);
    expect(retryDelay(4, () => 0.999_999)).toBe(9999);
    for (const retry of [10, 1000, 1e6, Number.MAX_SAFE_INTEGER]) {
      const delay = retryDelay(retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });
});
