import 'server-only';
import { db, type Db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { auditHash, GENESIS_HASH } from './chain';

/** A transaction client: audit rows are written in the same transaction as the change they record. */
export type Tx = Prisma.TransactionClient;

export interface AuditInput {
  actor?: { id: string; email: string } | null;
  action: string;
  instanceId?: string | null;
  repository?: string | null;
  /** What changed. Never a token, PAT or password. */
  details?: Prisma.InputJsonValue;
}

// Appends are serialised with a transaction-scoped advisory lock so two
// concurrent writers cannot both chain onto the same previous row.
const AUDIT_CHAIN_LOCK = 0x6875626b; // 'hubk'

/** Appends one audit event inside the caller's transaction. */
export async function recordAudit(tx: Tx, input: AuditInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const previous = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = previous?.hash ?? GENESIS_HASH;
  // Millisecond precision: what Postgres stores is exactly what is hashed.
  const at = new Date(Math.floor(Date.now()));
  const content = {
    at,
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    instanceId: input.instanceId ?? null,
    repository: input.repository ?? null,
    details: (input.details ?? {}) as Prisma.InputJsonValue,
  };
  return tx.auditEvent.create({ data: { ...content, prevHash, hash: auditHash(prevHash, content) } });
}

/** Appends one audit event in a transaction of its own (for events with no other write, e.g. sign-in). */
export async function recordAuditNow(input: AuditInput, client: Db = db) {
  return client.$transaction((tx) => recordAudit(tx, input));
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first row whose stored hashes do not match, with what is wrong. */
  firstBad?: { id: string; problem: string };
}

/** Recomputes the whole chain in id order. */
export async function verifyAuditChain(client: Db = db): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await client.auditEvent.findMany({
      orderBy: { id: 'asc' },
      take: 1000,
      ...(cursor !== undefined ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBad: { id: row.id.toString(), problem: 'previous-hash link broken (a row was deleted, inserted or reordered before it)' } };
      }
      const expected = auditHash(prevHash, row);
      if (row.hash !== expected) {
        return { ok: false, checked, firstBad: { id: row.id.toString(), problem: 'content does not match its hash (the row was edited)' } };
      }
      prevHash = row.hash;
      checked += 1;
    }
    cursor = rows[rows.length - 1]?.id;
  }
  return { ok: true, checked };
}
