import { describe, expect, it } from 'vitest';
import { hubFailure } from './errors';

describe('hub errors', () => {
  it('shows only the server\'s reason', () => {
    const e = new Error("An unexpected error occurred invoking 'SendDirect' on the server. HubException: You can only message your friends.");

    expect(hubFailure(e)).toEqual({ reason: 'You can only message your friends.', fromServer: true });
  });

  it('tells a lost connection apart', () => {
    expect(hubFailure(new Error('Invocation canceled due to the underlying connection being closed.')).fromServer).toBe(false);
  });
});
