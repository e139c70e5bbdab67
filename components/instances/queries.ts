// Client-safe React Query keys and fetchers for instances (route handlers under /api/instances).
import { getJson } from '@/lib/queries/fetch-json';
import type { CompareResult, InstanceDto } from '@/lib/services/instances';

export type { CompareResult, InstanceDto };

export const instanceKeys = {
  all: ['instances'] as const,
  list: () => [...instanceKeys.all, 'list'] as const,
  detail: (instanceId: string) => [...instanceKeys.all, 'detail', instanceId] as const,
  compare: (spec: string) => [...instanceKeys.all, 'compare', spec] as const,
};

export async function fetchInstances(): Promise<InstanceDto[]> {
  return (await getJson<{ instances: InstanceDto[] }>('/api/instances')).instances;
}

export async function fetchInstance(instanceId: string): Promise<InstanceDto> {
  return (await getJson<{ instance: InstanceDto }>(`/api/instances/${encodeURIComponent(instanceId)}`)).instance;
}

export async function fetchComparison(spec: string): Promise<CompareResult> {
  return getJson<CompareResult>(`/api/instances/compare?instances=${encodeURIComponent(spec)}`);
}
