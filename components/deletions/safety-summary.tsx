'use client';

import { RelativeTime } from '@/components/repositories/relative-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { formatBytes } from '@/lib/tags/format';
import { shortDigest } from '@/lib/tags/digest-groups';
import type { SafetySummary } from '@/lib/services/deletions/types';

/** The safety summary of a deletion (computed by the server): blocked tags, warnings, storage freed. */
export function SafetySummaryView({ summary, showTags = true }: { summary: SafetySummary; showTags?: boolean }) {
  const requestable = summary.requestable.length;
  const shared = new Map(summary.sharedDigest.map((s) => [s.tag, s.sharedWith]));
  const recent = new Set(summary.recentlyPulled.map((r) => r.tag));
  return (
    <div className="space-y-3 text-sm" data-testid="safety-summary">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Can be deleted" value={String(requestable)} testId="summary-requestable" />
        <Stat label="Blocked" value={String(summary.blocked.length)} testId="summary-blocked" tone={summary.blocked.length > 0 ? 'danger' : undefined} />
        <Stat label="Shared digest" value={String(summary.sharedDigest.length)} testId="summary-shared" tone={summary.sharedDigest.length > 0 ? 'warning' : undefined} />
        <Stat
          label="Storage freed"
          value={`${formatBytes(summary.storage.freedBytes)}${summary.storage.unknownSizeDigests > 0 ? ' +?' : ''}`}
          testId="summary-freed"
          hint={`${summary.storage.freedDigests} image${summary.storage.freedDigests === 1 ? '' : 's'} no tag will reference any more`}
        />
      </dl>

      {summary.blocked.length > 0 ? (
        <Alert variant="error" title={`${summary.blocked.length} tag${summary.blocked.length === 1 ? '' : 's'} cannot be requested`}>
          <ul className="list-disc pl-5" data-testid="blocked-tags">
            {summary.blocked.map((b) => (
              <li key={b.tag} data-tag={b.tag}>
                <span className="font-mono">{b.tag}</span> — {b.detail}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {summary.sharedDigest.length > 0 ? (
        <Alert variant="warning" title="Deleting these frees no storage">
          <ul className="list-disc pl-5" data-testid="shared-digest-tags">
            {summary.sharedDigest.map((s) => (
              <li key={s.tag} data-tag={s.tag}>
                <span className="font-mono">{s.tag}</span> points to the same image as <span className="font-mono">{s.sharedWith.join(', ')}</span>, which stays.
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {summary.recentlyPulled.length > 0 ? (
        <Alert variant="warning" title={`Pulled in the last ${summary.recentPullDays} days`}>
          <ul className="list-disc pl-5" data-testid="recently-pulled-tags">
            {summary.recentlyPulled.map((r) => (
              <li key={r.tag} data-tag={r.tag}>
                <span className="font-mono">{r.tag}</span> was pulled <RelativeTime ms={r.lastPulled} />; something may still use it.
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {showTags && requestable > 0 ? (
        <div className="max-h-64 overflow-auto rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
          <table className="w-full text-left text-xs">
            <thead className="sticky top-0 bg-zinc-50 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              <tr>
                <th className="px-2 py-1.5 font-medium">Tag</th>
                <th className="px-2 py-1.5 font-medium">Digest</th>
                <th className="px-2 py-1.5 text-right font-medium">Size</th>
                <th className="px-2 py-1.5 font-medium">Last pulled</th>
              </tr>
            </thead>
            <tbody>
              {summary.requestable.map((t) => (
                <tr key={t.tag} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="summary-tag" data-tag={t.tag}>
                  <td className="px-2 py-1 font-mono">
                    {t.tag}
                    {shared.has(t.tag) ? <Badge variant="warning" className="ml-1.5">shared</Badge> : null}
                    {recent.has(t.tag) ? <Badge variant="warning" className="ml-1.5">recently pulled</Badge> : null}
                  </td>
                  <td className="px-2 py-1 font-mono text-zinc-500" title={t.digest}>
                    {shortDigest(t.digest)}
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatBytes(t.size)}</td>
                  <td className="px-2 py-1">
                    <RelativeTime ms={t.lastPulled} fallback="never" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function Stat({ label, value, hint, tone, testId }: { label: string; value: string; hint?: string; tone?: 'danger' | 'warning'; testId: string }) {
  const color = tone === 'danger' ? 'text-red-700 dark:text-red-400' : tone === 'warning' ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-900 dark:text-zinc-100';
  return (
    <div className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-800/60" title={hint}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${color}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
