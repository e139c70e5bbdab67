'use client';

import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import {
  KEEP_REASON_LABELS,
  KEEP_REASONS,
  type KeptByReason,
  type TesterRepositoryDTO,
  type TesterResultDTO,
} from '@/lib/retention';
import { formatBytes, formatRelative } from '@/lib/tags/format';

/** "protected 2 · within newest N 3" — only the reasons that occur. */
export function KeptSummary({ kept }: { kept: KeptByReason }) {
  const parts = KEEP_REASONS.filter((r) => kept[r] > 0);
  if (parts.length === 0) return <span className="text-zinc-500">none</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {parts.map((r) => (
        <Badge key={r} variant="neutral" data-testid="kept-reason" data-reason={r}>
          {KEEP_REASON_LABELS[r]}: {kept[r]}
        </Badge>
      ))}
    </span>
  );
}

function freed(bytes: number, unknown: number): string {
  return `${formatBytes(bytes)}${unknown > 0 ? ` + ${unknown} of unknown size` : ''}`;
}

function RepositoryResult({ repo, now }: { repo: TesterRepositoryDTO; now: number }) {
  const name = `${repo.namespace}/${repo.repository}`;
  return (
    <section className="space-y-2" data-testid="tester-repository" data-repository={name}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold text-zinc-900 dark:text-zinc-100">{name}</h3>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="tester-repository-totals">
          {repo.total} tags · <strong data-testid="tester-repository-delete">{repo.toDelete}</strong> to delete · frees{' '}
          {freed(repo.freedBytes, repo.unknownSizeDigests)} ({repo.freedDigests}{' '}
          {repo.freedDigests === 1 ? 'digest' : 'digests'})
        </p>
      </div>
      {repo.otherPolicies.length > 0 ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Also covered by {repo.otherPolicies.map((p) => `"${p}"`).join(', ')}: a tag goes only if every policy agrees.
        </p>
      ) : null}
      {repo.safetyStop ? (
        <Alert variant="warning" title="Safety stop">
          A run would be held: it {repo.safetyStop}.
        </Alert>
      ) : null}
      <Table>
        <THead>
          <tr>
            <TH>Tag</TH>
            <TH>Decision</TH>
            <TH>Why</TH>
            <TH>Pushed / pulled</TH>
            <TH className="text-right">Size</TH>
          </tr>
        </THead>
        <TBody>
          {repo.tags.map((t) => (
            <TR
              key={t.name}
              data-testid="tester-row"
              data-tag={t.name}
              data-action={t.action}
              data-reason={t.reason ?? ''}
            >
              <TD className="font-mono text-xs break-all">{t.name}</TD>
              <TD className="text-xs whitespace-nowrap">
                {t.action === 'delete' ? <Badge variant="danger">DELETE</Badge> : <Badge variant="success">KEEP</Badge>}
                {t.reason ? <p className="mt-1 font-medium">{KEEP_REASON_LABELS[t.reason]}</p> : null}
              </TD>
              <TD className="min-w-40 text-xs text-zinc-600 dark:text-zinc-400">{t.detail}</TD>
              <TD className="text-xs whitespace-nowrap">
                <p>{t.lastPushed === null ? 'push date unknown' : formatRelative(t.lastPushed, now)}</p>
                <p className="text-zinc-500">
                  {t.lastPulled === null ? 'never pulled' : `pulled ${formatRelative(t.lastPulled, now)}`}
                </p>
              </TD>
              <TD className="text-right text-xs whitespace-nowrap">{formatBytes(t.size)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </section>
  );
}

/** The tester's result: totals, then a DELETE/KEEP table per repository. */
export function TesterPanel({ result }: { result: TesterResultDTO }) {
  const { totals } = result;
  return (
    <div className="space-y-5" data-testid="tester-result">
      <div className="rounded-md bg-zinc-50 px-4 py-3 text-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
        <p data-testid="tester-totals">
          <strong>{totals.toDelete}</strong> of {totals.tags} tags in {totals.repositories}{' '}
          {totals.repositories === 1 ? 'repository' : 'repositories'} would be deleted, freeing{' '}
          <strong>{freed(totals.freedBytes, totals.unknownSizeDigests)}</strong> of storage no remaining tag uses.
        </p>
        <p className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          Kept: <KeptSummary kept={totals.kept} />
        </p>
        {result.truncated ? (
          <p className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            Showing the first {result.repositories.length} of {result.matchedRepositories.length} repositories in scope;
            choose a repository to test another one.
          </p>
        ) : null}
      </div>
      {result.repositories.map((r) => (
        <RepositoryResult key={`${r.namespace}/${r.repository}`} repo={r} now={result.evaluatedAt} />
      ))}
    </div>
  );
}
