import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, contentSecurityPolicy, createNonce, isPublicPath } from './headers';

describe('security headers', () => {
  it('creates a different 128-bit base64 nonce each time', () => {
    const a = createNonce();
    const b = createNonce();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
  });

  it('builds a strict CSP around the nonce', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(csp).toContain(`script-src 'self' 'nonce-abc123' 'strict-dynamic'`);
    for (const directive of [
      `object-src 'none'`,
      `base-uri 'self'`,
      `frame-ancestors 'none'`,
      `form-action 'self'`,
      `connect-src 'self'`,
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('x', { dev: true })).toContain(`'unsafe-eval'`);
  });

  it('sets the static headers', () => {
    const h = new Headers();
    applySecurityHeaders(h, 'default-src none');
    expect(h.get('Content-Security-Policy')).toBe('default-src none');
    expect(h.get('X-Content-Type-Options')).toBe('nosniff');
    expect(h.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(h.get('X-Frame-Options')).toBe('DENY');
    expect(h.get('Permissions-Policy')).toContain('camera=()');
  });

  it('never redirects auth pages, APIs or assets to sign-in', () => {
    for (const p of ['/login', '/setup', '/api/health', '/api/auth/session', '/_next/static/x.js', '/favicon.ico'])
      expect(isPublicPath(p), p).toBe(true);
    for (const p of ['/', '/users', '/instances/x', '/loginx', '/setupx']) expect(isPublicPath(p), p).toBe(false);
  });
});
