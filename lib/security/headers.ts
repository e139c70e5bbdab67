// Security headers for every response (applied in proxy.ts). Pure functions: unit-tested.

/** Request header carrying this request's CSP nonce (set by proxy.ts; read by the root layout). */
export const NONCE_HEADER = 'x-nonce';
/** Request header carrying the requested path + query, so a redirect to /login can come back. */
export const PATHNAME_HEADER = 'x-hk-pathname';

/** A fresh, unguessable nonce (128 bits, base64) for one response's inline scripts. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Content-Security-Policy with a per-request nonce. 'strict-dynamic' lets the scripts Next.js
 * loads (which carry the nonce) load their chunks; nothing else runs. Inline styles stay allowed
 * because React and Tailwind set style attributes. 'unsafe-eval' only in development
 * (React uses eval there to rebuild server stacks).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `frame-src 'none'`,
    `worker-src 'self' blob:`,
    `manifest-src 'self'`,
  ].join('; ');
}

/** The non-CSP headers every response carries. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Sets CSP and the static security headers on `headers`. */
export function applySecurityHeaders(headers: Headers, csp: string): void {
  headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) headers.set(name, value);
}

/** Paths the sign-in redirect never applies to: auth pages, APIs (they answer 401 themselves), assets. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/login' ||
    pathname.startsWith('/login/') ||
    pathname === '/setup' ||
    pathname.startsWith('/setup/') ||
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname.startsWith('/_next/') ||
    pathname === '/favicon.ico' ||
    pathname === '/robots.txt'
  );
}
