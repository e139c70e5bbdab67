// `npm run audit:verify`: recomputes the audit log's hash chain. Prints `ok: N events verified`,
// or the first row that does not match (edited, deleted, inserted or reordered rows) and exits 1.
// Reads DATABASE_URL like the app does.
import { verifyAuditChain } from '../lib/audit';
import { db } from '../lib/db';

async function main(): Promise<number> {
  const result = await verifyAuditChain();
  if (result.ok) {
    console.log(`ok: ${result.checked} events verified`);
    return 0;
  }
  const bad = result.firstBad;
  console.error(`FAILED: audit event ${bad?.id ?? '?'}: ${bad?.problem ?? 'unknown problem'}`);
  if (bad) {
    const row = await db.auditEvent.findUnique({ where: { id: BigInt(bad.id) } });
    if (row) {
      console.error(
        `  at=${row.at.toISOString()} action=${row.action} actor=${row.actorEmail ?? '-'} instance=${row.instanceId ?? '-'} repository=${row.repository ?? '-'}`,
      );
      console.error(`  details=${JSON.stringify(row.details)}`);
      console.error(`  prevHash=${row.prevHash}`);
      console.error(`  hash=${row.hash}`);
    }
  }
  console.error(`${result.checked} events before it verified.`);
  return 1;
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
