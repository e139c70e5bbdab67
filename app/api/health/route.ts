import { NextResponse } from 'next/server';
import { checkDatabase } from '@/lib/services/health';

export const dynamic = 'force-dynamic';

/** Liveness and database check for load balancers and the README quickstart. */
export async function GET() {
  const db = await checkDatabase();
  if (db.ok) return NextResponse.json({ status: 'ok', db: 'ok' });
  return NextResponse.json({ status: 'error', db: 'unavailable', reason: db.reason }, { status: 503 });
}
