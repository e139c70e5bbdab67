// Client-side keys, URLs and fetchers of the retention pages (React Query).
import { getJson } from '@/lib/queries/fetch-json';
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
