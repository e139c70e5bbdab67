import 'server-only';

import { z } from 'zod';

import type { HubTokenClaims, HubTokenSourceKind } from './types';

const HUB_CLAIM = 'https://hub.docker.com';

const sourceSchema = z.union([z.string(), z.object({ type: z.string().nullish(), id: z.string().nullish() }).loose()]);

const payloadSchema = z
  .object({
    exp: z.number().nullish(),
    iat: z.number().nullish(),
    scope: z.string().nullish(),
    sub: z.string().nullish(),
    source: sourceSchema.nullish(),
    [HUB_CLAIM]: z
      .object({
        username: z.string().nullish(),
        uuid: z.string().nullish(),
        source: sourceSchema.nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

function kindFrom(source: z.infer<typeof sourceSchema> | null | undefined): HubTokenSourceKind | null {
  if (source === null || source === undefined) return null;
  const text = (typeof source === 'string' ? source : (source.type ?? '')).toLowerCase();
  if (text === '') return null;
  if (text.includes('oat') || text.includes('org_access_token')) return 'oat';
  if (text.includes('pat') || text.includes('personal_access_token')) return 'pat';
  if (text.includes('password') || text.includes('pwd')) return 'password';
  return 'unknown';
}

/**
 * Decodes a Hub JWT payload WITHOUT verifying it (we only need exp/scope/source to manage our own
 * cache; Hub verifies). Returns null when the token is not a decodable JWT.
 */
export function decodeHubToken(token: string): HubTokenClaims | null {
  const parts = token.split('.');
  const payloadPart = parts[1];
  if (parts.length !== 3 || payloadPart === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const payload = parsed.data;
  const hub = payload[HUB_CLAIM];
  const sourceKind = kindFrom(hub?.source) ?? kindFrom(payload.source) ?? 'unknown';
  const scopes = (payload.scope ?? '').split(/\s+/).filter((s) => s !== '');
  return {
    username: hub?.username ?? null,
    sourceKind,
    scope: payload.scope ?? null,
    scopes,
    issuedAt: typeof payload.iat === 'number' ? payload.iat * 1000 : null,
    expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
  };
}
