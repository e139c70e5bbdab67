// The audit log: `npm run audit:verify` passes on a clean log and fails (exit 1, first bad row)
// on an edited, a deleted and a reordered row; the application's role cannot UPDATE, DELETE or
// TRUNCATE it (the trigger raises). Tampering is done as the cluster owner with triggers off.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
let db: typeof import('@/lib/db').db;
let audit: typeof import('@/lib/audit');
let ids: bigint[] = [];

function verifyScript(): { code: number | null; out: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/audit-verify.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

/** Runs statements as the superuser with triggers disabled (session_replication_role = replica). */
async function asTamperer(sql: string, params: unknown[] = [], ...more: [string, unknown[]][]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const [text, values] of [[sql, params] as [string, unknown[]], ...more]) await client.query(text, values);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  ({ db } = await import('@/lib/db'));
  audit = await import('@/lib/audit');
  for (let i = 0; i < 6; i += 1) {
    await audit.recordAuditNow({ actor: { id: `u${i}`, email: `u${i}@example.test` }, action: 'test.event', details: { i, note: `event ${i}` } });
  }
  ids = (await db.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id);
});

afterAll(async () => {
  await db.$disconnect();
});

describe('npm run audit:verify', () => {
  it('passes on a clean log', async () => {
    const res = verifyScript();
    expect(res.out).toContain(`ok: ${ids.length} events verified`);
    expect(res.code).toBe(0);
  });

  it('fails on an edited row, naming it', async () => {
    const target = ids[2] as bigint;
    const original = await db.auditEvent.findUniqueOrThrow({ where: { id: target } });
    await asTamperer(`UPDATE "AuditEvent" SET "details" = '{"i": 2, "note": "edited"}'::jsonb WHERE "id" = $1`, [target.toString()]);
    const res = verifyScript();
    expect(res.code).toBe(1);
    expect(res.out).toContain(`audit event ${target}`);
    expect(res.out).toMatch(/edited/);
    await asTamperer(`UPDATE "AuditEvent" SET "details" = $2::jsonb WHERE "id" = $1`, [target.toString(), JSON.stringify(original.details)]);
    expect((await audit.verifyAuditChain()).ok).toBe(true);
  });

  it('fails on a deleted row', async () => {
    const target = ids[3] as bigint;
    const row = await db.auditEvent.findUniqueOrThrow({ where: { id: target } });
    await asTamperer(`DELETE FROM "AuditEvent" WHERE "id" = $1`, [target.toString()]);
    const result = await audit.verifyAuditChain();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.id).toBe((ids[4] as bigint).toString());
    const res = verifyScript();
    expect(res.code).toBe(1);
    expect(res.out).toContain(`audit event ${ids[4]}`);
    await asTamperer(
      `INSERT INTO "AuditEvent" ("id","at","actorId","actorEmail","action","instanceId","repository","details","prevHash","hash") VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10)`,
      [row.id.toString(), row.at, row.actorId, row.actorEmail, row.action, row.instanceId, row.repository, JSON.stringify(row.details), row.prevHash, row.hash],
    );
    expect((await audit.verifyAuditChain()).ok).toBe(true);
  });

  it('fails on a reordered row', async () => {
    const [a, b] = [ids[1] as bigint, ids[4] as bigint];
    // Swap the ids of two rows (through a free id).
    await asTamperer(
      `UPDATE "AuditEvent" SET "id" = -1 WHERE "id" = $1`,
      [a.toString()],
      [`UPDATE "AuditEvent" SET "id" = $1 WHERE "id" = $2`, [a.toString(), b.toString()]],
      [`UPDATE "AuditEvent" SET "id" = $1 WHERE "id" = -1`, [b.toString()]],
    );
    const result = await audit.verifyAuditChain();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.id).toBe(a.toString());
    expect(verifyScript().code).toBe(1);
  });
});

describe('append-only for the application', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through the app connection (the trigger raises)', async () => {
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = ${ids[0] as bigint}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${ids[0] as bigint}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count()).toBe(ids.length);
  });
});
