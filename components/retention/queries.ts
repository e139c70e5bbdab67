// Client-side keys, URLs and fetchers of the retention pages (React Query).
import { ApiError } from '@/lib/queries/browse';
import type { RetentionRunDTO } from '@/lib/retention/dto';

export const retentionUrls = {
  runs: (instanceId: string, policyId: string) =>
    `/api/retention/${encodeURIComponent(instanceId)}/policies/${encodeURIComponent(policyId)}/runs`,
  export: (instanceId: string) => `/api/retention/${encodeURIComponent(instanceId)}/export`,
  page: (instanceId: string) => `/instances/${encodeURIComponent(instanceId)}/retention`,
  policy: (instanceId: string, policyId: string) =>
    `/instances/${encodeURIComponent(instanceId)}/retention/${encodeURIComponent(policyId)}`,
  request: (requestId: string) => `/requests/${encodeURIComponent(requestId)}`,
} as const;

export const retentionKeys = {
  all: ['retention'] as const,
  runs: (instanceId: string, policyId: string) => ['retention', 'runs', instanceId, policyId] as const,
  test: (instanceId: string, policyId: string | undefined, body: string) =>
    ['retention', 'test', instanceId, policyId ?? '', body] as const,
} as const;

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    headers: { accept: 'application/json' },
    cache: 'no-store',
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) {
    let message = `The server answered ${res.status}.`;
    let code = 'http_error';
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      message = body.error?.message ?? message;
      code = body.error?.code ?? code;
    } catch {
      // not JSON: keep the generic message
    }
    if (res.status === 401) message = 'Your session has ended. Sign in again.';
    throw new ApiError(res.status, code, message);
  }
  return (await res.json()) as T;
}

export async function fetchRuns(
  instanceId: string,
  policyId: string,
  signal?: AbortSignal,
): Promise<RetentionRunDTO[]> {
  return (await getJson<{ runs: RetentionRunDTO[] }>(retentionUrls.runs(instanceId, policyId), signal)).runs;
}

/** The message to show for a failed server action result. */
export function actionMessage(
  result:
    | {
        serverError?: string;
        validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
      }
    | undefined,
  fallback = 'Nothing was changed.',
): string {
  if (result?.serverError) return result.serverError;
  const fields = Object.values(result?.validationErrors?.fieldErrors ?? {}).flat();
  return fields[0] ?? result?.validationErrors?.formErrors?.[0] ?? fallback;
}
