import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OatResource } from './types';

export const JWT_AUDIENCE = 'https://hub.docker.com';
export const JWT_ISSUER = 'https://api.docker.com/';
export const HUB_CLAIM = 'https://hub.docker.com';

/** Claims shaped like Hub's (observed 2026-01, mongodb/kingfisher#202), plus OAT resources for OAT tokens. */
export interface HubClaims {
  aud: string;
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  scope: string;
  [HUB_CLAIM]: {
    email: string;
    roles: string[];
    session_id: string;
    /** docker_pat|<id>, docker_oat|<id> or password. */
    source: string;
    username: string;
    uuid: string;
    resources?: OatResource[];
  };
  source: { type: 'pat' | 'oat' | 'password'; id: string };
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const VERIFY_CACHE_LIMIT = 20_000;

/** HS256 signer/verifier with a per-emulator key; verified tokens are cached because every request checks one. */
export class JwtSigner {
  private key = randomBytes(32);
  private readonly verified = new Map<string, HubClaims>();

  sign(claims: HubClaims): string {
    const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** Signature and shape check only; expiry is the caller's job (it depends on the emulator clock). */
  verify(token: string): HubClaims | null {
    const hit = this.verified.get(token);
    if (hit) return hit;
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return null;
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: HubClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as HubClaims;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || typeof claims[HUB_CLAIM]?.source !== 'string') return null;
    if (this.verified.size >= VERIFY_CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  /** Rotate the key: every token issued so far stops verifying (used to force re-exchange in tests). */
  rotate(): void {
    this.key = randomBytes(32);
    this.verified.clear();
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }
}
