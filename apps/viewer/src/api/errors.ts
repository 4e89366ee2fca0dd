// The one error type the API client throws, and how a readable message is taken from an
// error response (`{statusCode, error, message}`, where Nest may send `message` as a list).

/** Status used for failures that never reached the API (offline, DNS, CORS, aborted). */
export const NETWORK_FAILURE_STATUS = 0;

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    /** The short error name from the body (`Not Found`), when the API sent one. */
    readonly errorName?: string,
    /** The API's code for why (`session_revoked.revoked_by_admin`, `session_idle`), when it sent one. */
    readonly reason?: string,
  ) {
    super(message);
  }

  get isNetworkFailure(): boolean {
    return this.status === NETWORK_FAILURE_STATUS;
  }
}

export function isApiError(value: unknown, status?: number): value is ApiError {
  return value instanceof ApiError && (status === undefined || value.status === status);
}

const fallbackMessages: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'Your sign-in has expired. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state. Reload and try again.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'Reelguard is temporarily unavailable. Try again shortly.',
};

function readMessage(body: unknown): { message?: string; errorName?: string; reason?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const errorName = typeof record.error === 'string' ? record.error : undefined;
  const reason = typeof record.reason === 'string' ? record.reason : undefined;
  const raw = record.message;
  if (typeof raw === 'string' && raw.trim() !== '') return { message: raw.trim(), errorName, reason };
  if (Array.isArray(raw)) {
    const parts = raw.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
    if (parts.length > 0) return { message: parts.join('; '), errorName, reason };
  }
  return { errorName, reason };
}

/** Builds the ApiError for a non-2xx response, reading the body as JSON when it is JSON. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    const text = await response.text();
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const { message, errorName, reason } = readMessage(body);
  const fallback =
    fallbackMessages[response.status] ??
    (response.status >= 500
      ? 'Something went wrong on our side. Try again shortly.'
      : `Request failed (${response.status}).`);
  return new ApiError(response.status, message ?? fallback, errorName, reason);
}

export function networkFailure(cause: unknown): ApiError {
  const error = new ApiError(NETWORK_FAILURE_STATUS, 'Cannot reach Reelguard. Check your connection and try again.');
  (error as Error).cause = cause;
  return error;
}
