// Re-encrypts every stored secret under the active key (used by scripts/keys-rotate.ts
// and its integration test). Takes the Prisma client as an argument and imports only
// its type, so this module has no `server-only` or env dependency of its own.
import type { Db } from '@/lib/db';
import { hubTokenAad, instanceSecretAad, webhookSecretAad } from './aad';
import { DecryptError, envelopeKeyId, type DecryptErrorReason } from './envelope';
import type { Keyring } from './keyring';
import { reencrypt } from './rotate';

export type SecretTable = 'Instance' | 'HubTokenCache' | 'WebhookEndpoint';

export interface RotationFailure {
  table: SecretTable;
  /** Row id (Instance.id or HubTokenCache.instanceId); never the secret. */
  id: string;
  /** `conflict`: the row kept changing under us; run the rotation again. */
  reason: DecryptErrorReason | 'conflict';
}

export interface TableRotation {
  table: SecretTable;
  column: string;
  /** Rows per key id before and after; `(malformed)` counts values that are not envelopes. */
  before: Record<string, number>;
  after: Record<string, number>;
  reencrypted: number;
  failed: RotationFailure[];
}

export interface RotationReport {
  activeKeyId: string;
  keyIds: readonly string[];
  tables: TableRotation[];
  /** Every failure across tables; non-empty means the run did not fully succeed. */
  failed: RotationFailure[];
}

interface SecretRow {
  id: string;
  envelope: string;
}

interface SecretColumn {
  table: SecretTable;
  column: string;
  aad(id: string): string;
  page(afterId: string | undefined, take: number): Promise<SecretRow[]>;
  /** Current value, or null if the row is gone. */
  read(id: string): Promise<string | null>;
  /** Writes `next` only if the column still holds `expected`, so a concurrent write is kept. */
  compareAndSet(id: string, expected: string, next: string): Promise<boolean>;
}

const PAGE_SIZE = 200;
const MAX_ATTEMPTS = 3;
const MALFORMED = '(malformed)';

function secretColumns(db: Db): SecretColumn[] {
  return [
    {
      table: 'Instance',
      column: 'encryptedSecret',
      aad: instanceSecretAad,
      async page(afterId, take) {
        const rows = await db.instance.findMany({
          select: { id: true, encryptedSecret: true },
          where: afterId === undefined ? {} : { id: { gt: afterId } },
          orderBy: { id: 'asc' },
          take,
        });
        return rows.map((r) => ({ id: r.id, envelope: r.encryptedSecret }));
      },
      async read(id) {
        const row = await db.instance.findUnique({ where: { id }, select: { encryptedSecret: true } });
        return row?.encryptedSecret ?? null;
      },
      async compareAndSet(id, expected, next) {
        const { count } = await db.instance.updateMany({
          where: { id, encryptedSecret: expected },
          data: { encryptedSecret: next },
        });
        return count === 1;
      },
    },
    {
      table: 'HubTokenCache',
      column: 'encryptedToken',
      aad: hubTokenAad,
      async page(afterId, take) {
        const rows = await db.hubTokenCache.findMany({
          select: { instanceId: true, encryptedToken: true },
          where: afterId === undefined ? {} : { instanceId: { gt: afterId } },
          orderBy: { instanceId: 'asc' },
          take,
        });
        return rows.map((r) => ({ id: r.instanceId, envelope: r.encryptedToken }));
      },
      async read(instanceId) {
        const row = await db.hubTokenCache.findUnique({ where: { instanceId }, select: { encryptedToken: true } });
        return row?.encryptedToken ?? null;
      },
      async compareAndSet(instanceId, expected, next) {
        const { count } = await db.hubTokenCache.updateMany({
          where: { instanceId, encryptedToken: expected },
          data: { encryptedToken: next },
        });
        return count === 1;
      },
    },
    {
      table: 'WebhookEndpoint',
      column: 'encryptedSecret',
      aad: webhookSecretAad,
      async page(afterId, take) {
        const rows = await db.webhookEndpoint.findMany({
          select: { id: true, encryptedSecret: true },
          where: afterId === undefined ? {} : { id: { gt: afterId } },
          orderBy: { id: 'asc' },
          take,
        });
        return rows.map((r) => ({ id: r.id, envelope: r.encryptedSecret }));
      },
      async read(id) {
        const row = await db.webhookEndpoint.findUnique({ where: { id }, select: { encryptedSecret: true } });
        return row?.encryptedSecret ?? null;
      },
      async compareAndSet(id, expected, next) {
        const { count } = await db.webhookEndpoint.updateMany({
          where: { id, encryptedSecret: expected },
          data: { encryptedSecret: next },
        });
        return count === 1;
      },
    },
  ];
}

async function* allRows(column: SecretColumn): AsyncGenerator<SecretRow> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await column.page(afterId, PAGE_SIZE);
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_SIZE) return;
    afterId = last.id;
  }
}

function keyIdOf(envelope: string): string {
  try {
    return envelopeKeyId(envelope);
  } catch {
    return MALFORMED;
  }
}

function tally(counts: Record<string, number>, envelope: string): void {
  const id = keyIdOf(envelope);
  counts[id] = (counts[id] ?? 0) + 1;
}

type RowOutcome = 'reencrypted' | 'unchanged' | 'gone' | DecryptErrorReason | 'conflict';

async function rotateRow(column: SecretColumn, row: SecretRow, keyring: Keyring): Promise<RowOutcome> {
  const aad = column.aad(row.id);
  let current = row.envelope;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let next: string;
    try {
      next = reencrypt(current, aad, keyring);
    } catch (error) {
      if (error instanceof DecryptError) return error.reason;
      throw error;
    }
    if (next === current) return 'unchanged';
    if (await column.compareAndSet(row.id, current, next)) return 'reencrypted';
    // Someone wrote the row since we read it: start over from its new value.
    const fresh = await column.read(row.id);
    if (fresh === null) return 'gone';
    current = fresh;
  }
  return 'conflict';
}

async function rotateColumn(column: SecretColumn, keyring: Keyring): Promise<TableRotation> {
  const result: TableRotation = {
    table: column.table,
    column: column.column,
    before: {},
    after: {},
    reencrypted: 0,
    failed: [],
  };
  for await (const row of allRows(column)) {
    tally(result.before, row.envelope);
    const outcome = await rotateRow(column, row, keyring);
    if (outcome === 'reencrypted') result.reencrypted++;
    else if (outcome !== 'unchanged' && outcome !== 'gone') {
      result.failed.push({ table: column.table, id: row.id, reason: outcome });
    }
  }
  for await (const row of allRows(column)) tally(result.after, row.envelope);
  return result;
}

/**
 * Re-encrypts Instance.encryptedSecret and HubTokenCache.encryptedToken under the
 * key ring's active key, one compare-and-set update per row. Rows that do not
 * decrypt are left as they are and listed in `failed`.
 */
export async function rotateAllSecrets(db: Db, keyring: Keyring): Promise<RotationReport> {
  const tables: TableRotation[] = [];
  for (const column of secretColumns(db)) tables.push(await rotateColumn(column, keyring));
  return {
    activeKeyId: keyring.activeKeyId,
    keyIds: keyring.keyIds,
    tables,
    failed: tables.flatMap((t) => t.failed),
  };
}

function formatCounts(counts: Record<string, number>, report: RotationReport, showZeros: boolean): string {
  const known = report.keyIds.filter((id) => showZeros || id === report.activeKeyId || (counts[id] ?? 0) > 0);
  const others = Object.keys(counts)
    .filter((id) => !report.keyIds.includes(id))
    .sort((a, b) => (a === MALFORMED ? 1 : b === MALFORMED ? -1 : a.localeCompare(b)));
  return [...known, ...others].map((id) => `${id}=${counts[id] ?? 0}`).join(' ');
}

const FAILURE_ADVICE: Record<RotationFailure['reason'], string> = {
  unknown_key: 'its key id is not in HUBKEEPER_ENCRYPTION_KEYS; add that key back after the active key and run again',
  auth_failed: 'it does not authenticate: altered, copied from another row, or its key id now holds a different key',
  malformed: 'it is not an hk1 envelope',
  conflict: 'it kept changing while being rotated; run again',
};

/** Human-readable summary: per-table key-id counts and failed row ids (never secrets). */
export function formatRotationReport(report: RotationReport): string {
  const lines = report.tables.map((t) => {
    const parts = [
      `before: ${formatCounts(t.before, report, true)}`,
      `re-encrypted ${t.reencrypted}`,
      `after: ${formatCounts(t.after, report, false)}`,
    ];
    if (t.failed.length > 0) parts.push(`failed ${t.failed.length}`);
    return `${t.table}.${t.column}  ${parts.join(' · ')}`;
  });
  if (report.failed.length > 0) {
    lines.push('', `Could not re-encrypt ${report.failed.length} secret(s); they were left unchanged:`);
    for (const f of report.failed) lines.push(`  ${f.table} ${f.id} (${f.reason}): ${FAILURE_ADVICE[f.reason]}`);
    if (report.failed.some((f) => f.table === 'HubTokenCache')) {
      lines.push('HubTokenCache rows are only a cache of Hub logins: deleting a failed row is safe.');
    }
  }
  return lines.join('\n');
}
