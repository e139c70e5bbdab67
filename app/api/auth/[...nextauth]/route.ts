import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

export const dynamic = 'force-dynamic';

// Options are built on the first request (then cached) so `next build` never needs NEXTAUTH_SECRET.
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (await NextAuth(req, ctx, getAuthOptions())) as Response;
}

export { handler as GET, handler as POST };
