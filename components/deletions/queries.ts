// Client-safe React Query keys and fetchers for the deletion route handlers.
import { getJson } from '@/lib/queries/fetch-json';
import type { DeletionProgressDTO, DeletionRequestDetailDTO, DeletionRequestSummaryDTO } from '@/lib/services/deletions/types';
import type { WebhookDeliveryDTO, WebhookEndpointDTO } from '@/lib/services/webhooks';

export const deletionKeys = {
  all: ['deletions'] as const,
  list: (filter: string) => ['deletions', 'list', filter] as const,
  detail: (id: string) => ['deletions', 'detail', id] as const,
  progress: (id: string) => ['deletions', 'progress', id] as const,
  webhooks: (instanceId: string) => ['deletions', 'webhooks', instanceId] as const,
};

export async function fetchDeletionRequests(query: string, signal?: AbortSignal): Promise<DeletionRequestSummaryDTO[]> {
  return (await getJson<{ requests: DeletionRequestSummaryDTO[] }>(`/api/deletions?${query}`, signal)).requests;
}

export async function fetchDeletionRequest(id: string, signal?: AbortSignal): Promise<DeletionRequestDetailDTO> {
  return (await getJson<{ request: DeletionRequestDetailDTO }>(`/api/deletions/${encodeURIComponent(id)}`, signal)).request;
}

export async function fetchDeletionProgress(id: string, signal?: AbortSignal): Promise<DeletionProgressDTO> {
  return (await getJson<{ progress: DeletionProgressDTO }>(`/api/deletions/${encodeURIComponent(id)}/progress`, signal)).progress;
}

export async function fetchWebhooks(instanceId: string, signal?: AbortSignal): Promise<{ endpoints: WebhookEndpointDTO[]; deliveries: WebhookDeliveryDTO[] }> {
  return getJson(`/api/deletions/webhooks/${encodeURIComponent(instanceId)}`, signal);
}

/** The first message of a next-safe-action result (server error or validation errors). */
export function actionError(result: { serverError?: string; validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } } | undefined): string | null {
  if (!result) return 'No answer from the server. Try again.';
  if (result.serverError) return result.serverError;
  const v = result.validationErrors;
  if (v) {
    const first = v.formErrors?.[0] ?? Object.values(v.fieldErrors ?? {}).find((m) => m && m.length > 0)?.[0];
    return first ?? 'Check the form and try again.';
  }
  return null;
}
