import type { AuditEventDTO } from '@/lib/services/deletions/audit-log';
import { formatExact } from '@/lib/tags/format';

/** A short reading of an event's details (the full JSON is in the row's tooltip and the CSV). */
export function describeDetails(details: unknown): string {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return '';
  const d = details as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.tag === 'string') parts.push(`tag ${d.tag}`);
  if (typeof d.tagCount === 'number') parts.push(`${d.tagCount} tag${d.tagCount === 1 ? '' : 's'}`);
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason}`);
  if (typeof d.comment === 'string') parts.push(`comment: ${d.comment}`);
  if (d.counts && typeof d.counts === 'object') {
    parts.push(
      Object.entries(d.counts as Record<string, number>)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`)
        .join(', '),
    );
  }
  if (typeof d.approvals === 'number' && typeof d.requiredApprovals === 'number') parts.push(`${d.approvals}/${d.requiredApprovals} approvals`);
  if (parts.length === 0) {
    const text = JSON.stringify(d);
    return text.length > 140 ? `${text.slice(0, 140)}…` : text;
  }
  return parts.join(' · ');
}

/** The audit page's rows (server-rendered). */
export function AuditTable({ events }: { events: AuditEventDTO[] }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
          <tr>
            <th className="px-3 py-2 font-medium">#</th>
            <th className="px-3 py-2 font-medium">Time (UTC)</th>
            <th className="px-3 py-2 font-medium">Actor</th>
            <th className="px-3 py-2 font-medium">Action</th>
            <th className="px-3 py-2 font-medium">Instance</th>
            <th className="px-3 py-2 font-medium">Repository</th>
            <th className="px-3 py-2 font-medium">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const requestId = e.details && typeof e.details === 'object' ? (e.details as { requestId?: unknown }).requestId : undefined;
            return (
              <tr key={e.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="audit-row" data-action={e.action}>
                <td className="px-3 py-2 text-xs text-zinc-500 tabular-nums">{e.id}</td>
                <td className="px-3 py-2 text-xs whitespace-nowrap tabular-nums">{formatExact(e.at).replace(' UTC', '')}</td>
                <td className="px-3 py-2">{e.actorEmail ?? <span className="text-zinc-500">system</span>}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-3 py-2">{e.instanceName ?? (e.instanceId ? <span className="font-mono text-xs">{e.instanceId}</span> : '—')}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.repository ?? '—'}</td>
                <td className="max-w-md px-3 py-2 text-xs text-zinc-700 dark:text-zinc-300" title={JSON.stringify(e.details)}>
                  {describeDetails(e.details)}
                  {typeof requestId === 'string' ? (
                    <>
                      {' '}
                      <a href={`/requests/${requestId}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                        request
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
