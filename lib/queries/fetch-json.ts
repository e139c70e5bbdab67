// Client-safe JSON fetching for React Query queryFns: one error shape for every route handler.

/** A failed API call with the message the server wrote for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads `{ error: { code, message } }` from a failed response (route handlers answer in that shape). */
export async function readApiError(res: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = `The server answered ${res.status}.`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch {
    // Not JSON (e.g. a proxy error page): keep the generic message.
  }
  if (res.status === 401) message = 'Your session has ended. Sign in again.';
  return new ApiError(res.status, code, message);
}

/** GETs a route handler's JSON, uncached; throws ApiError with the server's message on failure. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', ...(signal ? { signal } : {}) });
  if (!res.ok) throw await readApiError(res);
  return (await res.json()) as T;
}
