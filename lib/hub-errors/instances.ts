import 'server-only';
// Which instance has the right kind of token for a namespace: the PAT instance that can use the
// legacy /v2/repositories/… paths (descriptions, tag deletes, grants), and the OAT instance of an
// organization (teams, members, Hub's audit log). Plus a server helper that explains a Hub refusal
// with that alternative already looked up. These return names and ids only, never tokens; callers
// authorize their user first (instances.view or the feature's own permission).
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { isHubError } from '@/lib/hub';
import { parseCapabilities } from '@/lib/services/capabilities';
import {
  explainedCodeOf,
  explainHubError,
  type ExplainContext,
  type HubErrorExplanation,
  type InstanceRef,
} from './explain';

export type { InstanceRef } from './explain';

const STATUS_RANK: Record<string, number> = { ok: 0, unchecked: 1, unreachable: 2, invalid_credentials: 3 };

interface CandidateRow {
  id: string;
  name: string;
  kind: 'PAT' | 'OAT';
  username: string;
  status: string;
  capabilities: unknown;
}

const candidateSelect = { id: true, name: true, kind: true, username: true, status: true, capabilities: true } as const;

function toRef(row: CandidateRow): InstanceRef {
  return { id: row.id, name: row.name, kind: row.kind, username: row.username };
}

/** Healthy first; then (PATs) the ones whose scope can write; then the namespace owner's own; then by name. */
function rank(rows: CandidateRow[], namespace: string): CandidateRow[] {
  const score = (r: CandidateRow): number[] => {
    const caps = parseCapabilities(r.capabilities);
    return [
      STATUS_RANK[r.status] ?? 4,
      caps?.writeDescriptions === true || caps?.deleteTags === true ? 0 : 1,
      r.username === namespace ? 0 : 1,
    ];
  };
  return [...rows].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i += 1) {
      const d = (sa[i] ?? 0) - (sb[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.name.localeCompare(b.name);
  });
}

/**
 * The PAT instance to use for `namespace` (its username or one of its extra namespaces), preferring
 * a healthy one whose PAT can write; null when there is none. `excludeId` skips the caller's own.
 */
export async function patInstanceForNamespace(
  namespace: string,
  options: { excludeId?: string; requireWrite?: boolean } = {},
): Promise<InstanceRef | null> {
  const ns = namespace.trim().toLowerCase();
  if (ns === '') return null;
  const rows = (await db.instance.findMany({
    where: {
      kind: 'PAT',
      OR: [{ username: ns }, { namespaces: { has: ns } }],
      ...(options.excludeId === undefined ? {} : { id: { not: options.excludeId } }),
    },
    select: candidateSelect,
  })) as CandidateRow[];
  const usable = options.requireWrite
    ? rows.filter((r) => {
        const caps = parseCapabilities(r.capabilities);
        return caps === null || caps.writeDescriptions || caps.deleteTags;
      })
    : rows;
  const best = rank(usable, ns)[0];
  return best === undefined ? null : toRef(best);
}

/** The OAT instance of organization `org` (an OAT always belongs to one organization); null when none. */
export async function oatInstanceForOrg(
  org: string,
  options: { excludeId?: string } = {},
): Promise<InstanceRef | null> {
  const name = org.trim().toLowerCase();
  if (name === '') return null;
  const rows = (await db.instance.findMany({
    where: {
      kind: 'OAT',
      username: name,
      ...(options.excludeId === undefined ? {} : { id: { not: options.excludeId } }),
    },
    select: candidateSelect,
  })) as CandidateRow[];
  const best = rank(rows, name)[0];
  return best === undefined ? null : toRef(best);
}

/** The Hub error code of `err` (HubError, or AppError `hub_<code>`), or null. */
export function hubErrorCodeOf(err: unknown): string | null {
  if (isHubError(err)) return err.code;
  if (isAppError(err) && err.code.startsWith('hub_')) return err.code.slice(4);
  return null;
}

/**
 * Explains `err` when it is a pat_not_allowed, oat_not_allowed or insufficient_scope refusal, looking
 * up the instance that would work (OAT for the organization, or PAT for the namespace) unless the
 * context already names one. Null for any other error.
 */
export async function explainHubErrorForInstance(
  err: unknown,
  context: Omit<ExplainContext, 'instance' | 'scope'> & { instanceId?: string | null; instance?: InstanceRef | null },
): Promise<HubErrorExplanation | null> {
  const code = explainedCodeOf(hubErrorCodeOf(err));
  if (code === null) return null;
  let instance: InstanceRef | null = context.instance ?? null;
  let scope: string | null = null;
  const id = context.instanceId ?? instance?.id ?? null;
  if (id !== null) {
    const row = (await db.instance.findUnique({ where: { id }, select: candidateSelect })) as CandidateRow | null;
    if (row !== null) {
      instance = toRef(row);
      scope = parseCapabilities(row.capabilities)?.scope ?? null;
    }
  }
  const namespace = context.namespace ?? null;
  let alternative = context.alternative ?? null;
  if (alternative === null && namespace !== null) {
    if (code === 'pat_not_allowed')
      alternative = await oatInstanceForOrg(namespace, id === null ? {} : { excludeId: id });
    else
      alternative = await patInstanceForNamespace(namespace, {
        ...(id === null ? {} : { excludeId: id }),
        requireWrite: true,
      });
  }
  return explainHubError({ code }, { ...context, instance, scope, namespace, alternative });
}
