import 'server-only';
// The `data` part of deletion webhooks (payloads are stored in the outbox, so keep them small
// and free of secrets).
import { env } from '@/lib/env';
import type { ItemCounts } from './types';

function requestUrl(id: string): string | null {
  const base = env().NEXTAUTH_URL;
  return base ? `${base.replace(/\/+$/, '')}/requests/${id}` : null;
}

export interface RequestEventSource {
  id: string;
  namespace: string;
  repository: string;
  reason: string;
  requesterEmail: string | null;
  source: string;
  status: string;
  tagCount: number;
  expiresAt: Date;
}

/** `{ request: {...}, ...extra }` for request.* webhooks. */
export function requestWebhookData(r: RequestEventSource, extra: { actor?: string | null; comment?: string | null; counts?: ItemCounts } = {}): Record<string, unknown> {
  return {
    request: {
      id: r.id,
      namespace: r.namespace,
      repository: r.repository,
      reason: r.reason,
      requester: r.requesterEmail,
      source: r.source,
      status: r.status,
      tagCount: r.tagCount,
      expiresAt: r.expiresAt.toISOString(),
      url: requestUrl(r.id),
    },
    ...(extra.actor !== undefined ? { actor: extra.actor } : {}),
    ...(extra.comment ? { comment: extra.comment } : {}),
    ...(extra.counts ? { counts: extra.counts } : {}),
  };
}

export const requestEventSelect = {
  id: true,
  instanceId: true,
  namespace: true,
  repository: true,
  reason: true,
  requesterEmail: true,
  source: true,
  status: true,
  expiresAt: true,
  _count: { select: { items: true } },
} as const;
