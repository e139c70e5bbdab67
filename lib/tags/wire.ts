// Compact JSON form of a full tag list: 10,000 tags as arrays with a shared architecture and
// pusher dictionary instead of 10,000 objects with repeated keys. Client-safe.
import type { TagRow } from './types';

/** [name, digest, architecture indexes, size, lastPushed ms, lastPulled ms, status, pusher index (-1 = none)] */
export type WireTag = [string, string | null, number[], number | null, number | null, number | null, string | null, number];

export interface TagsWire {
  v: 1;
  archs: string[];
  users: string[];
  rows: WireTag[];
}

/** Encodes tags for the tags route. */
export function encodeTags(tags: readonly TagRow[]): TagsWire {
  const archs: string[] = [];
  const archIndex = new Map<string, number>();
  const users: string[] = [];
  const userIndex = new Map<string, number>();
  const intern = (value: string, list: string[], index: Map<string, number>): number => {
    let i = index.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      index.set(value, i);
    }
    return i;
  };
  const rows = tags.map(
    (t): WireTag => [
      t.name,
      t.digest,
      t.architectures.map((a) => intern(a, archs, archIndex)),
      t.size,
      t.lastPushed,
      t.lastPulled,
      t.status,
      t.pusher === null ? -1 : intern(t.pusher, users, userIndex),
    ],
  );
  return { v: 1, archs, users, rows };
}

/** Decodes the tags route's payload back into rows. */
export function decodeTags(wire: TagsWire): TagRow[] {
  const { archs, users } = wire;
  return wire.rows.map(([name, digest, archIdx, size, lastPushed, lastPulled, status, userIdx]) => ({
    name,
    digest,
    architectures: archIdx.map((i) => archs[i] ?? 'unknown'),
    size,
    lastPushed,
    lastPulled,
    status,
    pusher: userIdx < 0 ? null : (users[userIdx] ?? null),
  }));
}
