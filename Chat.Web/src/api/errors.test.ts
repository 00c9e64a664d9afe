import { describe, expect, it } from 'vitest';
import { hubFailure, problemOf, restFailure } from './errors';

describe('hub errors', () => {
  it('shows only the server\'s reason', () => {
    const e = new Error("An unexpected error occurred invoking 'SendDirect' on the server. HubException: You can only message your friends.");

    expect(hubFailure(e)).toEqual({ reason: 'You can only message your friends.', fromServer: true });
  });

  it('tells a lost connection apart', () => {
    expect(hubFailure(new Error('Invocation canceled due to the underlying connection being closed.')).fromServer).toBe(false);
  });
});

describe('REST errors', () => {
  const problem = (status: number, body: unknown) =>
    problemOf(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } }));

  it('shows the title and the detail of a ProblemDetails', async () => {
    expect(restFailure(await problem(403, { title: 'Forbidden', detail: 'Only the creator may do this.' })))
      .toBe('Forbidden Only the creator may do this.');
  });

  it('shows the messages of a validation problem', async () => {
    expect(restFailure(await problem(400, { title: 'One or more validation errors occurred.', errors: { newPassword: ['Too short.'] } })))
      .toBe('Too short.');
  });

  it('says when the server did not answer', () => {
    expect(restFailure(new TypeError('Failed to fetch'))).toMatch(/cannot be reached/);
  });
});
