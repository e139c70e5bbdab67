// Client-safe React Query keys and fetchers for instances (route handlers under /api/instances).
import type { CompareResult, InstanceDto } from '@/lib/services/instances';

export type { CompareResult, InstanceDto };

export const instanceKeys = {
  all: ['instances'] as const,
  list: () => [...instanceKeys.all, 'list'] as const,
  detail: (instanceId: string) => [...instanceKeys.all, 'detail', instanceId] as const,
  compare: (spec: string) => [...instanceKeys.all, 'compare', spec] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await res.json().catch(() => null)) as ({ error?: { message?: string } } & T) | null;
  if (!res.ok || body === null) throw new Error(body?.error?.message ?? `Request failed (${res.status}).`);
  return body;
}

export async function fetchInstances(): Promise<InstanceDto[]> {
  return (await getJson<{ instances: InstanceDto[] }>('/api/instances')).instances;
}

export async function fetchInstance(instanceId: string): Promise<InstanceDto> {
  return (await getJson<{ instance: InstanceDto }>(`/api/instances/${encodeURIComponent(instanceId)}`)).instance;
}

export async function fetchComparison(spec: string): Promise<CompareResult> {
  return getJson<CompareResult>(`/api/instances/compare?instances=${encodeURIComponent(spec)}`);
}
