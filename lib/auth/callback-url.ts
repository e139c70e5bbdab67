// Client-safe: used by the sign-in form and by the server when redirecting to /login.

const AUTH_PAGES = ['/login', '/setup'];

/**
 * Returns `raw` if it is a same-origin path (e.g. "/instances?x=1"), otherwise `fallback`.
 * Rejects absolute URLs, protocol-relative ("//evil"), backslash tricks and the auth pages themselves.
 */
export function safeCallbackUrl(raw: unknown, fallback = '/instances'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  if (/[\u0000-\u001f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, 'http://hubkeeper.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'http://hubkeeper.invalid') return fallback;
  if (AUTH_PAGES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return fallback;
  if (url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
