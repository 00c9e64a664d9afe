/** A REST failure: the problem+json `title`, and for a 400 the messages per field (camelCase). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly fields: Record<string, string[]> = {},
    readonly detail = '',
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
  let detail = '';
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown; errors?: unknown };
    if (typeof body.title === 'string') title = body.title;
    if (typeof body.detail === 'string') detail = body.detail;
    if (body.errors && typeof body.errors === 'object') fields = body.errors as Record<string, string[]>;
  } catch {
    // Not JSON (a proxy's error page): the status text says enough.
  }
  if (response.status === 429) title = 'Too many attempts; wait a minute and try again.';
  return new ApiError(response.status, title, fields, detail);
}

/** A REST failure fit to show: the field messages of a 400, else the title and detail; or that the server is away. */
export function restFailure(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The server cannot be reached. Check the connection and try again.';
  const fields = Object.values(error.fields).flat();
  if (fields.length > 0) return fields.join(' ');
  return error.detail && error.detail !== error.title ? `${error.title} ${error.detail}` : error.title;
}
