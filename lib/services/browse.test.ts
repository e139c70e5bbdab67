import { describe, expect, it } from 'vitest';
import type { RecentPushesDTO } from '@/lib/queries/browse-types';
import { recentPushesToCsv, toTagRow } from './browse';

describe('recentPushesToCsv', () => {
  it('writes one line per row, quoting and neutralising spreadsheet formulas', () => {
    const dto: RecentPushesDTO = {
      from: 0,
      to: 1,
      fetchedAt: 1,
      scanned: 1,
      problems: [],
      repositories: [],
      rows: [
        { instanceId: 'i', instanceName: 'Prod, EU', namespace: 'acme', repository: 'api', tag: 'v1', digest: 'sha256:ab', architectures: ['linux/amd64', 'linux/arm64'], size: 10, pushedAt: Date.UTC(2025, 0, 2, 3, 4, 5), pusher: '=cmd()', isPrivate: true },
        { instanceId: 'i', instanceName: 'Dev', namespace: 'acme', repository: 'web', tag: 'pr-"1"', digest: null, architectures: [], size: null, pushedAt: 0, pusher: null, isPrivate: false },
      ],
    };
    const lines = recentPushesToCsv(dto).split('\r\n');
    expect(lines[0]).toBe('instance,namespace,repository,tag,pushed_at,pushed_by,digest,architectures,size_bytes,visibility');
    expect(lines[1]).toBe(`"Prod, EU",acme,api,v1,2025-01-02T03:04:05.000Z,"'=cmd()",sha256:ab,linux/amd64 linux/arm64,10,private`);
    expect(lines[2]).toBe('Dev,acme,web,"pr-""1""",1970-01-01T00:00:00.000Z,,,,,public');
    expect(lines[3]).toBe('');
  });
});

describe('toTagRow', () => {
  it('keeps never-pulled as null and falls back to last_updated for the push time', () => {
    const row = toTagRow({
      name: 'v1',
      digest: 'sha256:1',
      architectures: ['linux/amd64'],
      images: [],
      fullSize: 5,
      lastUpdated: '2025-01-01T00:00:00Z',
      lastPushed: null,
      lastPulled: null,
      status: 'inactive',
      lastUpdaterUsername: 'sam',
      mediaType: null,
      contentType: null,
    });
    expect(row).toEqual({ name: 'v1', digest: 'sha256:1', architectures: ['linux/amd64'], size: 5, lastPushed: Date.UTC(2025, 0, 1), lastPulled: null, status: 'inactive', pusher: 'sam' });
  });
});
