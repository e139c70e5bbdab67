// Explains the two kinds of Docker Hub credentials an instance can hold and what each unlocks in
// Hubkeeper. For the add-instance form (or anywhere the choice matters). Server- and client-safe.
import { cn } from '@/components/ui/cn';

type Kind = 'PAT' | 'OAT';

const KINDS: Record<Kind, { title: string; identity: string; unlocks: string[]; cannot: string[] }> = {
  PAT: {
    title: 'Personal access token (PAT)',
    identity:
      'A Docker Hub username + a dckr_pat_… token created by that user. It acts with that user\u2019s rights, limited by the token\u2019s scope.',
    unlocks: [
      'Browse repositories and tags (private ones need Read-only scope or higher)',
      'Edit descriptions and delete tags (needs Read, Write & Delete)',
      'Grant teams access to repositories (Read, Write & Delete; some Docker Hub setups refuse PATs here)',
    ],
    cannot: ['List teams, members or Docker Hub\u2019s audit log: organization endpoints refuse PATs'],
  },
  OAT: {
    title: 'Organization access token (OAT)',
    identity:
      'An organization name + a dckr_oat_… token created by an organization owner. It belongs to the organization, not to a person.',
    unlocks: [
      'List the organization\u2019s teams and members, and read Docker Hub\u2019s audit log',
      'Name teams when granting access, and grant it',
      'Browse the organization\u2019s repositories (private ones need the repository-list permission)',
    ],
    cannot: [
      'Edit descriptions or delete tags: those legacy endpoints refuse OATs, so keep a PAT instance for the namespace too',
    ],
  },
};

/** Side-by-side help for the token type choice; `selected` highlights the chosen kind. */
export function CredentialKindHelp({ selected, className }: { selected?: Kind; className?: string }) {
  return (
    <div className={cn('grid gap-3 sm:grid-cols-2', className)} data-testid="credential-kind-help">
      {(['PAT', 'OAT'] as const).map((kind) => {
        const info = KINDS[kind];
        return (
          <div
            key={kind}
            data-kind={kind}
            data-selected={selected === kind ? 'true' : 'false'}
            className={cn(
              'rounded-md p-3 text-xs ring-1 ring-inset',
              selected === kind
                ? 'bg-indigo-50 ring-indigo-300 dark:bg-indigo-950/40 dark:ring-indigo-800'
                : 'ring-zinc-200 dark:ring-zinc-800',
            )}
          >
            <p className="text-sm font-medium">{info.title}</p>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">{info.identity}</p>
            <ul className="mt-2 list-disc space-y-0.5 pl-4">
              {info.unlocks.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
            <ul className="mt-2 space-y-0.5 text-zinc-600 dark:text-zinc-400">
              {info.cannot.map((c) => (
                <li key={c}>Not: {c}</li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
