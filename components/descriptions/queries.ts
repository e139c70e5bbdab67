// Client-side fetchers for the descriptions route handlers (React Query queryFns).
import { getJson } from '@/lib/queries/fetch-json';
import { descriptionUrls, type BulkJobDTO, type BulkJobSummaryDTO, type DescriptionChangeDTO, type DescriptionEditorDTO } from '@/lib/descriptions/dto';

export { descriptionKeys, descriptionUrls } from '@/lib/descriptions/dto';

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
