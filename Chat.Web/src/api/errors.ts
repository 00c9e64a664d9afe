/** A REST failure: the problem+json `title`, and for a 400 the messages per field (camelCase). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

const hubPrefix = 'HubException: ';

/**
 * The reason a hub call failed, fit to show. The server's refusals arrive as "An unexpected error
 * occurred invoking 'X' on the server. HubException: <reason>"; anything else means the call never
 * got an answer (no connection), which `fromServer: false` tells.
 */
export function hubFailure(error: unknown): { reason: string; fromServer: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(hubPrefix);
  if (at >= 0) return { reason: message.slice(at + hubPrefix.length).trim(), fromServer: true };
  return { reason: 'No connection to the server.', fromServer: false };
}

export async function problemOf(response: Response): Promise<ApiError> {
  let title = response.statusText || `The server answered ${response.status}.`;
  let fields: Record<string, string[]> = {};
  try {
    const body = (await response.json()) as { title?: unknown; errors?: unknown };
    if (typeof body.title === 'string') title = body.title;
    if (body.errors && typeof body.errors === 'object') fields = body.errors as Record<string, string[]>;
  } catch {
    // Not JSON (a proxy's error page): the status text says enough.
  }
  if (response.status === 429) title = 'Too many attempts; wait a minute and try again.';
  return new ApiError(response.status, title, fields);
}
