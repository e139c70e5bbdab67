// Hash chain for the append-only audit log: each row's hash covers its content
// and the previous row's hash, so an edited, deleted or reordered row breaks
// every hash after it. Pure functions, shared by the writer and the verifier.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  instanceId: string | null;
  repository: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of one row given its predecessor's hash. */
export function auditHash(prevHash: string, content: AuditContent): string {
  const payload = canonicalJson({
    prevHash,
    at: content.at.toISOString(),
    actorId: content.actorId,
    actorEmail: content.actorEmail,
    action: content.action,
    instanceId: content.instanceId,
    repository: content.repository,
    details: content.details,
  });
  return createHash('sha256').update(payload).digest('hex');
}
