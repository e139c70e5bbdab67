// What an instance's token lets Hubkeeper do, derived from the scope claim of the JWT that
// Docker Hub issued for it. Pure and client-safe (no server imports): server code calls
// `capabilityFor` before offering an action, client components call it to grey buttons out.

export type TokenSourceKind = 'pat' | 'oat' | 'password' | 'unknown';

/** Stored in Instance.capabilities (JSON). Never contains a token. */
export interface InstanceCapabilities {
  /** Raw scope claim, e.g. "repo:admin"; null when the JWT carried none. */
  scope: string | null;
  tokenKind: TokenSourceKind;
  /** Docker Hub's own name for the access level, e.g. "Read-only". */
  accessLabel: string;
  readPublic: boolean;
  readPrivate: boolean;
  writeDescriptions: boolean;
  deleteTags: boolean;
}

export type CapabilityName = 'readPublic' | 'readPrivate' | 'writeDescriptions' | 'deleteTags';
export type GatedCapability = 'deleteTags' | 'writeDescriptions' | 'readPrivate';

export interface CapabilityDecision {
  allowed: boolean;
  /** Why not (or a note when allowed); plain English for a tooltip. */
  reason: string | null;
}

type PatScope = 'repo:admin' | 'repo:write' | 'repo:read' | 'repo:public_read';

// Docker Hub's UI names for PAT access permissions.
export const PAT_SCOPE_LABELS: Record<PatScope, string> = {
  'repo:admin': 'Read, Write & Delete',
  'repo:write': 'Read & Write',
  'repo:read': 'Read-only',
  'repo:public_read': 'Public Repo Read-only',
};

const PAT_RANK: PatScope[] = ['repo:public_read', 'repo:read', 'repo:write', 'repo:admin'];

export const CAPABILITY_LABELS: Record<CapabilityName, string> = {
  readPublic: 'Read public',
  readPrivate: 'Read private',
  writeDescriptions: 'Write descriptions',
  deleteTags: 'Delete tags',
};

const ACTION_PHRASES: Record<GatedCapability, string> = {
  deleteTags: 'deleting tags',
  writeDescriptions: 'editing descriptions',
  readPrivate: 'reading private repositories',
};

function highestPatScope(scopes: readonly string[]): PatScope | null {
  let best = -1;
  for (const s of scopes) best = Math.max(best, PAT_RANK.indexOf(s as PatScope));
  return best < 0 ? null : (PAT_RANK[best] ?? null);
}

/** Derives capabilities from the token claims (`scope` may hold several space-separated scopes). */
export function capabilitiesFromClaims(
  claims: { scope: string | null; sourceKind: TokenSourceKind },
  kind: 'PAT' | 'OAT',
): InstanceCapabilities {
  const scopes = (claims.scope ?? '').split(/\s+/).filter((s) => s !== '');
  const tokenKind: TokenSourceKind = claims.sourceKind === 'unknown' ? (kind === 'OAT' ? 'oat' : 'pat') : claims.sourceKind;
  const base = { scope: claims.scope, tokenKind };
  if (tokenKind === 'oat') {
    // OAT JWTs carry flat scopes; Hub hides private repositories from OATs without repository-list,
    // and refuses OATs on the legacy paths used for descriptions and tag deletion.
    const readPrivate = scopes.includes('scope-repository-list');
    return {
      ...base,
      accessLabel: readPrivate ? 'Organization token (repository list)' : 'Organization token (public only)',
      readPublic: true,
      readPrivate,
      writeDescriptions: false,
      deleteTags: false,
    };
  }
  if (tokenKind === 'password') {
    return { ...base, accessLabel: 'Password (full access)', readPublic: true, readPrivate: true, writeDescriptions: true, deleteTags: true };
  }
  const scope = highestPatScope(scopes);
  if (scope === null) {
    // PATs from before scoped tokens (2021) carry no scope claim and have full access.
    if (scopes.length === 0) {
      return { ...base, accessLabel: 'Legacy PAT (full access)', readPublic: true, readPrivate: true, writeDescriptions: true, deleteTags: true };
    }
    return { ...base, accessLabel: 'Unrecognised scope', readPublic: true, readPrivate: false, writeDescriptions: false, deleteTags: false };
  }
  const rank = PAT_RANK.indexOf(scope);
  return {
    ...base,
    accessLabel: PAT_SCOPE_LABELS[scope],
    readPublic: true,
    readPrivate: rank >= PAT_RANK.indexOf('repo:read'),
    // Docker Hub answers "insufficient scope" to description PATCHes from repo:write PATs:
    // only Read, Write & Delete (repo:admin) may change descriptions.
    writeDescriptions: scope === 'repo:admin',
    deleteTags: scope === 'repo:admin',
  };
}

/** Validates JSON read back from the database; anything unexpected becomes null (unknown). */
export function parseCapabilities(value: unknown): InstanceCapabilities | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const bool = (k: string) => v[k] === true;
  const kinds: TokenSourceKind[] = ['pat', 'oat', 'password', 'unknown'];
  const tokenKind = kinds.includes(v.tokenKind as TokenSourceKind) ? (v.tokenKind as TokenSourceKind) : 'unknown';
  return {
    scope: typeof v.scope === 'string' ? v.scope : null,
    tokenKind,
    accessLabel: typeof v.accessLabel === 'string' ? v.accessLabel : 'Unknown',
    readPublic: bool('readPublic'),
    readPrivate: bool('readPrivate'),
    writeDescriptions: bool('writeDescriptions'),
    deleteTags: bool('deleteTags'),
  };
}

/** The capability names an instance has, in display order. */
export function capabilityList(caps: InstanceCapabilities | null): CapabilityName[] {
  if (caps === null) return [];
  return (['readPublic', 'readPrivate', 'writeDescriptions', 'deleteTags'] as const).filter((c) => caps[c]);
}

/** Short explanation shown next to a missing capability badge. */
export function capabilityNote(caps: InstanceCapabilities, capability: CapabilityName): string | null {
  if (caps[capability]) return null;
  if (capability === 'writeDescriptions' && caps.scope !== null && caps.scope.split(/\s+/).includes('repo:write')) {
    return 'Docker Hub refuses description changes from Read & Write PATs; it needs Read, Write & Delete.';
  }
  return null;
}

/**
 * Whether the instance's token allows `capability`, with a reason to show when it does not,
 * e.g. "This PAT is Read-only; deleting tags needs Read, Write & Delete".
 */
export function capabilityFor(
  instance: { capabilities: InstanceCapabilities | null; status?: string | null },
  capability: GatedCapability,
): CapabilityDecision {
  const action = ACTION_PHRASES[capability];
  if (instance.status === 'invalid_credentials') {
    return { allowed: false, reason: "Docker Hub rejected this instance's token at the last check; rotate the token first." };
  }
  const caps = instance.capabilities;
  if (caps === null) {
    return {
      allowed: false,
      reason: `This instance has not been checked yet, so its token's scope is unknown; re-check it before ${action}.`,
    };
  }
  if (caps[capability]) return { allowed: true, reason: null };
  if (caps.tokenKind === 'oat') {
    return {
      allowed: false,
      reason:
        capability === 'readPrivate'
          ? 'This organization access token lacks the repository-list scope; reading private repositories needs it.'
          : `Docker Hub does not accept organization access tokens for ${action}; it needs a PAT with Read, Write & Delete.`,
    };
  }
  const what = caps.tokenKind === 'pat' ? 'This PAT' : 'This token';
  const needs = capability === 'readPrivate' ? 'Read-only or higher' : 'Read, Write & Delete';
  return { allowed: false, reason: `${what} is ${caps.accessLabel}; ${action} needs ${needs}.` };
}
