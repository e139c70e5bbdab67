import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { recordAuditNow } from '@/lib/audit';
import { authenticate } from './sign-in';

/** Sessions end 12 hours after sign-in; there is no sliding refresh. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

let cached: NextAuthOptions | undefined;

/**
 * next-auth configuration. Built on first use (not at import) so `next build` needs no secret.
 * The JWT carries only the user id (`sub`): roles and the active flag are read from the
 * database on every request (lib/auth/session.ts), so changes apply on the next request.
 */
export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials) {
          const result = await authenticate({ email: credentials?.email, password: credentials?.password });
          return result.ok ? { id: result.user.id } : null;
        },
      }),
    ],
    callbacks: {
      // Whatever next-auth puts in the token (name, email, picture), keep only the id.
      jwt({ token, user }) {
        const sub = user?.id ?? token.sub;
        return sub ? { sub } : {};
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as unknown as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        const id = token?.sub;
        if (!id) return;
        const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true } });
        if (user) await recordAuditNow({ actor: user, action: 'auth.sign_out', details: {} });
      },
    },
    logger: {
      error(code, metadata) {
        logger.error({ code, message: metadata instanceof Error ? metadata.message : undefined }, 'next-auth error');
      },
      warn(code) {
        logger.warn({ code }, 'next-auth warning');
      },
      debug() {},
    },
  };
  return cached;
}
