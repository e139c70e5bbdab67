import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { forbiddenError, unauthenticatedError } from '@/lib/errors';
import { env } from '@/lib/env';
import { hasPermission, type Permission, type RoleName } from './permissions';
import { safeCallbackUrl } from './callback-url';
import { PATHNAME_HEADER } from '@/lib/security/headers';

/** The signed-in person as every server check sees them: fresh from the database. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
}

// next-auth names its cookie by whether NEXTAUTH_URL is https; large values are split into
// name.0, name.1, ... Both names are accepted: either way the value must decrypt with our secret.
const SESSION_COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function readSessionCookie(store: Awaited<ReturnType<typeof cookies>>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = store.get(name)?.value;
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; ; i += 1) {
      const chunk = store.get(`${name}.${i}`)?.value;
      if (!chunk) break;
      chunks.push(chunk);
    }
    if (chunks.length > 0) return chunks.join('');
  }
  return null;
}

/** The user id in the session JWT (decrypted and expiry-checked), or null. */
async function sessionUserId(): Promise<string | null> {
  const token = readSessionCookie(await cookies());
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    const id = payload?.sub;
    return typeof id === 'string' && id.length > 0 ? id : null;
  } catch {
    // Expired, tampered with, or made with another secret: signed out.
    return null;
  }
}

/**
 * The signed-in, active user or null. The session cookie only names the user; roles and the
 * active flag come from the database on every request (memoised per request with React cache),
 * so a role change or a deactivation applies on the user's very next request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const id = await sessionUserId();
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, roles: true, active: true },
  });
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
});

async function loginUrl(): Promise<string> {
  const path = (await headers()).get(PATHNAME_HEADER);
  const back = path ? safeCallbackUrl(path, '') : '';
  return back ? `/login?callbackUrl=${encodeURIComponent(back)}` : '/login';
}

/** For pages, layouts and server actions: the current user, or a redirect to /login. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(await loginUrl());
  return user;
}

/**
 * For pages, layouts and server actions: the current user if they hold `permission`.
 * Signed out -> redirect to /login; signed in without the permission -> throws AppError('forbidden').
 * Pages that should show a friendly 403 instead use `requireUser()` + `hasPermission()` and
 * render <Forbidden /> (components/shell/forbidden.tsx).
 */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!hasPermission(user, permission)) throw forbiddenError();
  return user;
}

/** Like requirePermission but never redirects: throws AppError('unauthenticated' | 'forbidden'). For services and APIs. */
export async function assertPermission(permission?: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw unauthenticatedError();
  if (permission && !hasPermission(user, permission)) throw forbiddenError();
  return user;
}

export { hasPermission };
