// Next 16 "proxy" (formerly middleware). Runs before every page and API request:
//  1. a fresh CSP nonce per request, passed to the app in request headers (x-nonce and the
//     CSP itself, from which Next.js applies the nonce to its own scripts);
//  2. security headers on the response;
//  3. a convenience redirect to /login for signed-out page visits. This is NOT the access
//     check: every page, server action and route handler checks the session itself.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { env } from '@/lib/env';
import {
  applySecurityHeaders,
  contentSecurityPolicy,
  createNonce,
  isPublicPath,
  NONCE_HEADER,
  PATHNAME_HEADER,
} from '@/lib/security/headers';

async function hasSessionToken(request: NextRequest): Promise<boolean> {
  try {
    const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
    return typeof token?.sub === 'string';
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env().NODE_ENV === 'development' });
  const { pathname, search } = request.nextUrl;

  const isPageVisit = (request.method === 'GET' || request.method === 'HEAD') && !isPublicPath(pathname);
  if (isPageVisit && !(await hasSessionToken(request))) {
    const login = new URL('/login', request.url);
    if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`);
    const response = NextResponse.redirect(login);
    applySecurityHeaders(response.headers, csp);
    return response;
  }

  // Incoming values for these headers are replaced, never trusted.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set(PATHNAME_HEADER, `${pathname}${search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  applySecurityHeaders(response.headers, csp);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|jpeg|gif|svg|ico|webp|woff2?|txt|xml)$).*)'],
};
