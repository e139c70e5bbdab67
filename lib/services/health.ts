import 'server-only';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';

/** Runs a trivial query with a short timeout; the reason is safe to show (no connection string). */
export async function checkDatabase(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000)),
    ]);
    return { ok: true };
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'health check: database unavailable');
    const timedOut = err instanceof Error && err.message.startsWith('timed out');
    return { ok: false, reason: timedOut ? 'database did not answer within 3 s' : 'database connection failed' };
  }
}
