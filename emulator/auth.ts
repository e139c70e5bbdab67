import { randomUUID } from 'node:crypto';
import { HUB_CLAIM, JWT_AUDIENCE, JWT_ISSUER, type HubClaims, type JwtSigner } from './jwt';
import type { OatRecord, OrgRecord, PatRecord, UserRecord } from './records';
import type { EmulatorState } from './store';
import type { OatResource, PatScope } from './types';

/** Who is calling, derived from a verified JWT (or nobody). */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'password'; user: UserRecord; sessionId: string; source: string }
  | { kind: 'pat'; user: UserRecord; scope: PatScope; patId: string; sessionId: string; source: string }
  | {
      kind: 'oat';
      org: OrgRecord;
      oatId: string;
      scopes: string[];
      resources: OatResource[];
      sessionId: string;
      source: string;
    };

export type SecretCheck =
  | { ok: true; kind: 'pat'; user: UserRecord; pat: PatRecord }
  | { ok: true; kind: 'oat'; org: OrgRecord; oat: OatRecord }
  | { ok: true; kind: 'password'; user: UserRecord }
  | { ok: false; reason: 'invalid' | 'two_factor_required'; user?: UserRecord };

/** Check an identifier/secret pair the way /v2/auth/token does: PAT and password need the username, OAT the org. */
export function checkSecret(state: EmulatorState, identifier: string, secret: string, now: number): SecretCheck {
  if (secret.startsWith('dckr_pat_')) {
    const pat = state.pats.get(secret);
    const user = pat ? state.users.get(pat.username) : undefined;
    if (!pat || !user || pat.username !== identifier || !pat.isActive) return { ok: false, reason: 'invalid' };
    if (pat.expiresAt !== null && pat.expiresAt <= now) return { ok: false, reason: 'invalid' };
    pat.lastUsed = now;
    return { ok: true, kind: 'pat', user, pat };
  }
  if (secret.startsWith('dckr_oat_')) {
    const oat = state.oats.get(secret);
    const org = oat ? state.orgs.get(oat.org) : undefined;
    if (!oat || !org || oat.org !== identifier || !oat.isActive) return { ok: false, reason: 'invalid' };
    if (oat.expiresAt !== null && oat.expiresAt <= now) return { ok: false, reason: 'invalid' };
    oat.lastUsed = now;
    return { ok: true, kind: 'oat', org, oat };
  }
  const user = state.users.get(identifier);
  if (!user || user.password !== secret) return { ok: false, reason: 'invalid' };
  if (user.twoFactorCode) return { ok: false, reason: 'two_factor_required', user };
  return { ok: true, kind: 'password', user };
}

/** Mint a Hub-shaped JWT for a successful secret check. */
export function issueToken(
  signer: JwtSigner,
  check: Extract<SecretCheck, { ok: true }>,
  nowMs: number,
  ttlSeconds: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  const sessionId = randomUUID();
  const base = { aud: JWT_AUDIENCE, iss: JWT_ISSUER, iat, exp: iat + ttlSeconds, jti: randomUUID() };
  let claims: HubClaims;
  if (check.kind === 'oat') {
    claims = {
      ...base,
      sub: check.oat.id,
      scope: check.oat.scopes.join(' '),
      [HUB_CLAIM]: {
        email: '',
        roles: [],
        session_id: sessionId,
        source: `docker_oat|${check.oat.id}`,
        username: check.org.name,
        uuid: check.org.uuid,
        resources: check.oat.resources,
      },
      source: { type: 'oat', id: check.oat.id },
    };
  } else {
    const source = check.kind === 'pat' ? `docker_pat|${check.pat.id}` : 'password';
    claims = {
      ...base,
      sub: check.user.uuid,
      scope: check.kind === 'pat' ? check.pat.scope : '',
      [HUB_CLAIM]: {
        email: check.user.email,
        roles: [],
        session_id: sessionId,
        source,
        username: check.user.username,
        uuid: check.user.uuid,
      },
      source: { type: check.kind, id: check.kind === 'pat' ? check.pat.id : check.user.uuid },
    };
  }
  return signer.sign(claims);
}

export type BearerResult = { ok: true; caller: Caller; token: string | null } | { ok: false };

/**
 * Resolve the Authorization header. No header = anonymous. Anything present must be a valid, unexpired JWT of
 * ours: raw PATs/OATs, garbage and expired tokens all fail (Hub answers 401 for each). The `JWT` scheme is only
 * honoured on legacy paths, where old scripts use it.
 */
export function resolveBearer(
  header: string | undefined,
  allowJwtScheme: boolean,
  signer: JwtSigner,
  state: EmulatorState,
  nowMs: number,
): BearerResult {
  if (!header) return { ok: true, caller: { kind: 'anonymous' }, token: null };
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { ok: false };
  const scheme = match[1].toLowerCase();
  if (scheme !== 'bearer' && !(allowJwtScheme && scheme === 'jwt')) return { ok: false };
  const token = match[2];
  const claims = signer.verify(token);
  if (!claims || claims.exp * 1000 <= nowMs) return { ok: false };
  const caller = callerFromClaims(claims, state);
  return caller ? { ok: true, caller, token } : { ok: false };
}

function callerFromClaims(claims: HubClaims, state: EmulatorState): Caller | null {
  const hub = claims[HUB_CLAIM];
  const [kind, id = ''] = hub.source.split('|');
  if (kind === 'docker_oat') {
    const org = state.orgs.get(hub.username);
    if (!org) return null;
    return {
      kind: 'oat',
      org,
      oatId: id,
      scopes: claims.scope ? claims.scope.split(' ') : [],
      resources: hub.resources ?? [],
      sessionId: hub.session_id,
      source: hub.source,
    };
  }
  const user = state.users.get(hub.username);
  if (!user) return null;
  if (kind === 'docker_pat') {
    return {
      kind: 'pat',
      user,
      scope: claims.scope as PatScope,
      patId: id,
      sessionId: hub.session_id,
      source: hub.source,
    };
  }
  return { kind: 'password', user, sessionId: hub.session_id, source: hub.source };
}

/** The name a log entry shows for a caller. */
export function callerIdentifier(caller: Caller): string | undefined {
  if (caller.kind === 'anonymous') return undefined;
  return caller.kind === 'oat' ? caller.org.name : caller.user.username;
}
