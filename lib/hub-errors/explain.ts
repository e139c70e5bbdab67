// Explains Docker Hub's token-type and scope refusals (pat_not_allowed, oat_not_allowed,
// insufficient_scope) in words: what Hub refused, why, which kind of token (and which scope) would
// work, and where to fix it. Pure and client-safe: server code calls it when building an error value,
// client components call it on an error code they received. See components/hub-errors for the UI.

/** The three refusals this module explains. Other Hub failures have their own messages. */
export const EXPLAINED_HUB_CODES = ['pat_not_allowed', 'oat_not_allowed', 'insufficient_scope'] as const;
export type ExplainedHubCode = (typeof EXPLAINED_HUB_CODES)[number];

/** Anything carrying a Hub error code: a HubError, an AppError with code `hub_<code>`, or JSON from an API. */
export interface HubErrorLike {
  code: string;
  message?: string;
}

/** Features that meet these refusals; picks the wording and the token that would work. */
export type HubFeature =
  | 'teams'
  | 'team_members'
  | 'org_members'
  | 'hub_audit'
  | 'grant'
  | 'descriptions'
  | 'delete_tags'
  | 'read_private'
  | 'repositories'
  | 'other';

export type CredentialKind = 'PAT' | 'OAT';

/** An instance as the explanation names it (never its token). */
export interface InstanceRef {
  id: string;
  name: string;
  kind: CredentialKind;
  /** Docker Hub username (PAT) or organization (OAT). */
  username: string;
}

export interface ExplainContext {
  feature?: HubFeature;
  /** What was attempted, e.g. "list the teams of acme" (defaults to the feature's usual wording). */
  action?: string;
  /** The instance whose token Hub refused. */
  instance?: InstanceRef | null;
  /** The repository namespace or organization the call was about. */
  namespace?: string | null;
  /** The refused token's scope claim, e.g. "repo:write", when known (from the instance's capabilities). */
  scope?: string | null;
  /** An instance with the right kind of token for this namespace (see lib/hub-errors/instances.ts). */
  alternative?: InstanceRef | null;
  /** Where the alternative should be opened (default: the same feature page on that instance). */
  alternativeHref?: string | null;
}

export interface HubErrorExplanation {
  code: ExplainedHubCode;
  /** One line for a heading. */
  title: string;
  /** What Docker Hub refused, through which instance. */
  what: string;
  /** Why Docker Hub refuses it. */
  why: string;
  /** Which kind of token (and scope) would work, and what to do now. */
  fix: string;
  /** The kind of token that works for this call. */
  neededKind: CredentialKind;
  /** The scope (PAT) or permission (OAT) that works, in Docker Hub's words. */
  neededScope: string;
  /** Where to fix it: the alternative instance, the instance to rotate, or the add-instance form. */
  link: { href: string; label: string };
}

const FEATURE_ACTIONS: Record<HubFeature, (ns: string | null) => string> = {
  teams: (ns) => `list the teams of ${ns ?? 'the organization'}`,
  team_members: (ns) => `list the members of a team of ${ns ?? 'the organization'}`,
  org_members: (ns) => `list the members of ${ns ?? 'the organization'}`,
  hub_audit: (ns) => `read the audit log of ${ns ?? 'the organization'}`,
  grant: (ns) => `grant a team access to a repository of ${ns ?? 'this namespace'}`,
  descriptions: (ns) => `change a repository description in ${ns ?? 'this namespace'}`,
  delete_tags: (ns) => `delete tags in ${ns ?? 'this namespace'}`,
  read_private: (ns) => `read the private repositories of ${ns ?? 'this namespace'}`,
  repositories: (ns) => `read the repositories of ${ns ?? 'this namespace'}`,
  other: () => 'do this',
};

// The route segment under /instances/[id]/ where each feature lives (for links to an alternative).
const FEATURE_PAGES: Partial<Record<HubFeature, string>> = {
  teams: 'teams',
  team_members: 'teams',
  org_members: 'members',
  hub_audit: 'hub-audit',
  descriptions: 'repositories',
  delete_tags: 'repositories',
  read_private: 'repositories',
  repositories: 'repositories',
};

const PAT_ADMIN = 'Read, Write & Delete (repo:admin)';
const PAT_READ = 'Read-only (repo:read) or higher';

const ORG_FEATURES: readonly HubFeature[] = ['teams', 'team_members', 'org_members', 'hub_audit'];
const LEGACY_FEATURES: readonly HubFeature[] = ['descriptions', 'delete_tags'];

/** `hub_pat_not_allowed` (AppError) and `pat_not_allowed` (HubError) both count. */
export function explainedCodeOf(code: string | null | undefined): ExplainedHubCode | null {
  if (typeof code !== 'string') return null;
  const bare = code.startsWith('hub_') ? code.slice(4) : code;
  return (EXPLAINED_HUB_CODES as readonly string[]).includes(bare) ? (bare as ExplainedHubCode) : null;
}

/** True when `explainHubError` has an explanation for this error. */
export function isExplainedHubError(error: HubErrorLike | null | undefined): boolean {
  return explainedCodeOf(error?.code) !== null;
}

function instancePhrase(instance: InstanceRef | null | undefined, kindWords: string): string {
  return instance
    ? `instance "${instance.name}", which signs in with ${kindWords}`
    : `this instance, which signs in with ${kindWords}`;
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

/** The add-instance form, pre-set to the kind and account that would work. */
export function newInstanceHref(kind: CredentialKind, username: string | null | undefined): string {
  const params = new URLSearchParams({ kind });
  if (username) params.set('username', username);
  return `/instances/new?${params.toString()}`;
}

function alternativeLink(ctx: ExplainContext, feature: HubFeature): { href: string; label: string } | null {
  const alt = ctx.alternative;
  if (!alt) return null;
  if (ctx.alternativeHref) return { href: ctx.alternativeHref, label: `Use instance "${alt.name}"` };
  const page = FEATURE_PAGES[feature];
  const base = `/instances/${enc(alt.id)}`;
  const ns = ctx.namespace
    ? `?${feature === 'repositories' || page === 'repositories' ? 'namespace' : 'org'}=${enc(ctx.namespace)}`
    : '';
  return { href: page ? `${base}/${page}${ns}` : base, label: `Use instance "${alt.name}"` };
}

function orgNeedFor(feature: HubFeature): string {
  switch (feature) {
    case 'hub_audit':
      return 'an OAT of the organization with permission to read its audit logs';
    case 'grant':
      return 'an OAT of the organization with permission to manage teams and repository access';
    default:
      return 'an OAT of the organization with permission to read its teams and members';
  }
}

function explainPatNotAllowed(ctx: ExplainContext, feature: HubFeature, action: string): HubErrorExplanation {
  const org = ctx.namespace ?? null;
  const orgWords = org ? `"${org}"` : 'the organization';
  const grant = feature === 'grant';
  const why = grant
    ? 'This Docker Hub refuses team access grants made with a token issued from a personal access token ("token issued from personal access token is not allowed"). Some Docker Hub setups accept PATs here and some do not; organization access tokens are always accepted for their own organization.'
    : ORG_FEATURES.includes(feature)
      ? 'Teams, members, invites and the audit log are organization endpoints. Docker Hub only accepts organization access tokens (OATs) there and refuses any token issued from a personal access token ("token issued from personal access token is not allowed"), whatever the PAT\'s scope.'
      : 'Docker Hub refuses tokens issued from a personal access token on this endpoint ("token issued from personal access token is not allowed"), whatever the PAT\'s scope. It expects an organization access token (OAT).';
  const need = orgNeedFor(feature);
  const alt = alternativeLink(ctx, feature);
  const fix = ctx.alternative
    ? `Use an organization access token (OAT) instead: instance "${ctx.alternative.name}" has one for ${orgWords}.${grant ? ' Hubkeeper retries the grant through it automatically.' : ''}`
    : `This needs an organization access token (OAT) instance for ${orgWords}: add an instance of type "Organization access token" with the organization name${org ? ` ${org}` : ''} and ${need} (a dckr_oat_… token created by an organization owner).`;
  return {
    code: 'pat_not_allowed',
    title: `Docker Hub needs an organization access token for this`,
    what: `Docker Hub refused to ${action} through ${instancePhrase(ctx.instance, 'a personal access token (PAT)')}.`,
    why,
    fix,
    neededKind: 'OAT',
    neededScope: need.replace(/^an OAT of the organization with /, ''),
    link: alt ?? { href: newInstanceHref('OAT', org), label: `Add an OAT instance${org ? ` for ${org}` : ''}` },
  };
}

function explainOatNotAllowed(ctx: ExplainContext, feature: HubFeature, action: string): HubErrorExplanation {
  const ns = ctx.namespace ?? null;
  const nsWords = ns ? `"${ns}"` : 'this namespace';
  const legacy = LEGACY_FEATURES.includes(feature);
  const why = legacy
    ? 'Changing descriptions and deleting tags only exist on Docker Hub\'s legacy /v2/repositories/… endpoints, and those refuse every token issued from an organization access token ("token issued from organization access token is not allowed"). Docker Hub has no OAT-friendly replacement for them yet.'
    : 'Docker Hub refuses tokens issued from an organization access token on this endpoint ("token issued from organization access token is not allowed"); the legacy /v2/repositories/… paths and account endpoints only accept personal access tokens.';
  const alt = alternativeLink(ctx, feature);
  const fix = ctx.alternative
    ? `This needs a PAT instance for this namespace: instance "${ctx.alternative.name}" signs in with a personal access token for ${nsWords}; use it (its PAT needs ${PAT_ADMIN}).`
    : `This needs a PAT instance for this namespace: add an instance of type "Personal access token" for a Docker Hub user with admin rights on ${nsWords}, with a PAT of scope ${PAT_ADMIN}${ns ? `, and add ${ns} as one of its namespaces if it is not that user's own` : ''}.`;
  return {
    code: 'oat_not_allowed',
    title: 'Needs a PAT instance for this namespace',
    what: `Docker Hub refused to ${action} through ${instancePhrase(ctx.instance, 'an organization access token (OAT)')}.`,
    why,
    fix,
    neededKind: 'PAT',
    neededScope: PAT_ADMIN,
    link: alt ?? { href: newInstanceHref('PAT', null), label: 'Add a PAT instance' },
  };
}

function explainInsufficientScope(ctx: ExplainContext, feature: HubFeature, action: string): HubErrorExplanation {
  const instance = ctx.instance ?? null;
  const oat = instance?.kind === 'OAT';
  const scopeWords = ctx.scope ? ` (its scope is ${ctx.scope})` : '';
  const what = `Docker Hub refused to ${action} through ${instance ? `instance "${instance.name}"` : 'this instance'}: the token's scope is too low${scopeWords}.`;
  let why: string;
  let neededKind: CredentialKind = 'PAT';
  let neededScope = PAT_ADMIN;
  if (oat) {
    neededKind = 'OAT';
    if (feature === 'read_private' || feature === 'repositories') {
      neededScope = 'the repository-list permission (scope-repository-list) or read access to the repositories';
      why =
        'Organization access tokens only see what their permissions cover: without the repository-list permission, private repositories are hidden or refused.';
    } else {
      neededScope = ORG_FEATURES.includes(feature)
        ? orgNeedFor(feature).replace(/^an OAT of the organization with /, '')
        : 'a permission covering this call';
      why =
        'This organization access token was created without the permission this call needs. OAT permissions are chosen per token when an organization owner creates or edits it.';
    }
  } else if (feature === 'read_private' || feature === 'repositories') {
    neededScope = PAT_READ;
    why =
      'A PAT with "Public Repo Read-only" scope (repo:public_read) can only see public repositories; private ones need Read-only (repo:read) or higher.';
  } else {
    why =
      feature === 'grant'
        ? 'Granting team access changes who may use the repository, which Docker Hub treats as repository administration: it needs a PAT with Read, Write & Delete scope (repo:admin). Read & Write (repo:write) and lower are refused with "insufficient scope".'
        : 'Changing descriptions, deleting tags and granting team access need a PAT with Read, Write & Delete scope (repo:admin). Read & Write (repo:write) and lower are refused with "insufficient scope", whatever the account\'s own rights.';
  }
  const alt = alternativeLink(ctx, feature);
  const rotate = instance
    ? `Rotate the token of instance "${instance.name}" to ${neededKind === 'PAT' ? `a PAT with ${neededScope}` : `an OAT with ${neededScope}`}`
    : `Use ${neededKind === 'PAT' ? `a PAT with ${neededScope}` : `an OAT with ${neededScope}`}`;
  const fix = ctx.alternative
    ? `${rotate}, or use instance "${ctx.alternative.name}", which has enough scope.`
    : `${rotate}.`;
  return {
    code: 'insufficient_scope',
    title: "The token's scope is too low for this",
    what,
    why,
    fix,
    neededKind,
    neededScope,
    link:
      alt ??
      (instance
        ? { href: `/instances/${enc(instance.id)}`, label: `Rotate the token of "${instance.name}"` }
        : { href: newInstanceHref(neededKind, ctx.namespace), label: 'Add an instance' }),
  };
}

/**
 * Explains a pat_not_allowed, oat_not_allowed or insufficient_scope refusal; null for any other error
 * (those already carry a message written for people).
 */
export function explainHubError(
  error: HubErrorLike | null | undefined,
  context: ExplainContext = {},
): HubErrorExplanation | null {
  const code = explainedCodeOf(error?.code);
  if (code === null) return null;
  const feature = context.feature ?? 'other';
  const action = context.action ?? FEATURE_ACTIONS[feature](context.namespace ?? null);
  switch (code) {
    case 'pat_not_allowed':
      return explainPatNotAllowed(context, feature, action);
    case 'oat_not_allowed':
      return explainOatNotAllowed(context, feature, action);
    case 'insufficient_scope':
      return explainInsufficientScope(context, feature, action);
  }
}

/**
 * What a feature that is known to need the other kind of token says before calling Hub at all,
 * e.g. the team picker when no OAT instance exists for the organization. Same shape as a refusal's
 * explanation, without claiming Hub was asked.
 */
export function explainMissingKind(neededKind: CredentialKind, context: ExplainContext = {}): HubErrorExplanation {
  const feature = context.feature ?? 'other';
  const action = context.action ?? FEATURE_ACTIONS[feature](context.namespace ?? null);
  const base =
    neededKind === 'OAT'
      ? explainPatNotAllowed(context, feature, action)
      : explainOatNotAllowed(context, feature, action);
  const kindWords = neededKind === 'OAT' ? 'an organization access token (OAT)' : 'a personal access token (PAT)';
  const ns = context.namespace ? ` for ${context.namespace}` : '';
  return {
    ...base,
    title: neededKind === 'OAT' ? `Needs an OAT instance${ns}` : `Needs a PAT instance${ns}`,
    what: `To ${action}, Hubkeeper needs an instance that signs in with ${kindWords}${context.alternative ? '' : `, and it has none${ns}`}.`,
  };
}
