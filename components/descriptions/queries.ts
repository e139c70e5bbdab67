// Client-side fetchers for the descriptions route handlers (React Query queryFns).
import { ApiError } from '@/lib/queries/browse';
import { descriptionUrls, type BulkJobDTO, type BulkJobSummaryDTO, type DescriptionChangeDTO, type DescriptionEditorDTO } from '@/lib/descriptions/dto';

export { descriptionKeys, descriptionUrls } from '@/lib/descriptions/dto';

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', ...(signal ? { signal } : {}) });
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

export async function fetchDescriptionEditor(instanceId: string, namespace: string, repository: string, signal?: AbortSignal): Promise<DescriptionEditorDTO> {
  return (await getJson<{ editor: DescriptionEditorDTO }>(descriptionUrls.editor(instanceId, namespace, repository), signal)).editor;
}

export async function fetchDescriptionHistory(instanceId: string, namespace: string, repository: string, signal?: AbortSignal): Promise<DescriptionChangeDTO[]> {
  return (await getJson<{ changes: DescriptionChangeDTO[] }>(descriptionUrls.history(instanceId, namespace, repository), signal)).changes;
}

export async function fetchBulkJobs(instanceId: string, signal?: AbortSignal): Promise<BulkJobSummaryDTO[]> {
  return (await getJson<{ jobs: BulkJobSummaryDTO[] }>(descriptionUrls.jobs(instanceId), signal)).jobs;
}

export async function fetchBulkJob(instanceId: string, jobId: string, signal?: AbortSignal): Promise<BulkJobDTO> {
  return (await getJson<{ job: BulkJobDTO }>(descriptionUrls.job(instanceId, jobId), signal)).job;
}

/** First message of a next-safe-action result that failed. */
export function actionMessage(
  result: { serverError?: string; validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } } | undefined,
  fallback = 'Nothing was changed.',
): string {
  if (result?.serverError) return result.serverError;
  const fields = Object.values(result?.validationErrors?.fieldErrors ?? {}).flat();
  return fields[0] ?? result?.validationErrors?.formErrors?.[0] ?? fallback;
}
