import type { TagRecord } from './records';

interface Derived {
  lastPushed: number | null;
  storageSize: number;
  mediaTypes: string[];
}

export type TagSortKey = 'last_updated' | '-last_updated' | 'name' | '-name';

/**
 * The tags of one repository. Tags are materialized on first use (the large fixture has 10,000 in one repo) and
 * each ordering is sorted once and cached until the next push or delete, so a page request costs O(page).
 */
export class TagIndex {
  private source: (() => TagRecord[]) | null;
  private byName: Map<string, TagRecord> | null = null;
  private readonly sortedCache = new Map<TagSortKey, TagRecord[]>();
  private derived: Derived | null = null;

  constructor(source: () => TagRecord[]) {
    this.source = source;
  }

  private map(): Map<string, TagRecord> {
    if (!this.byName) {
      const tags = this.source ? this.source() : [];
      this.source = null;
      this.byName = new Map(tags.map((t) => [t.name, t]));
    }
    return this.byName;
  }

  private invalidate(): void {
    this.sortedCache.clear();
    this.derived = null;
  }

  get size(): number {
    return this.map().size;
  }

  get(name: string): TagRecord | undefined {
    return this.map().get(name);
  }

  /** Insert or replace a tag. */
  set(tag: TagRecord): void {
    this.map().set(tag.name, tag);
    this.invalidate();
  }

  delete(name: string): boolean {
    const removed = this.map().delete(name);
    if (removed) this.invalidate();
    return removed;
  }

  /** Tags in insertion order. */
  all(): TagRecord[] {
    return [...this.map().values()];
  }

  /** Tags in the given order; ties broken by name so pages are stable. The returned array must not be mutated. */
  sorted(key: TagSortKey): readonly TagRecord[] {
    let cached = this.sortedCache.get(key);
    if (!cached) {
      cached = this.all().sort(compareTags(key));
      this.sortedCache.set(key, cached);
    }
    return cached;
  }

  /** Newest push time, or null when the repository has no tags. */
  get lastPushed(): number | null {
    return this.computeDerived().lastPushed;
  }

  /** Sum of the sizes of distinct image digests (what Hub reports as storage_size). */
  get storageSize(): number {
    return this.computeDerived().storageSize;
  }

  /** Distinct manifest media types (repository media_types). */
  get mediaTypes(): string[] {
    return this.computeDerived().mediaTypes;
  }

  private computeDerived(): Derived {
    if (!this.derived) {
      let lastPushed: number | null = null;
      const sizes = new Map<string, number>();
      const mediaTypes = new Set<string>();
      for (const tag of this.map().values()) {
        if (lastPushed === null || tag.pushedAt > lastPushed) lastPushed = tag.pushedAt;
        for (const image of tag.images) sizes.set(image.digest, image.size);
        mediaTypes.add(tag.mediaType);
      }
      let storageSize = 0;
      for (const size of sizes.values()) storageSize += size;
      this.derived = { lastPushed, storageSize, mediaTypes: [...mediaTypes].sort() };
    }
    return this.derived;
  }
}

function byName(a: TagRecord, b: TagRecord): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function compareTags(key: TagSortKey): (a: TagRecord, b: TagRecord) => number {
  switch (key) {
    case 'name':
      return byName;
    case '-name':
      return (a, b) => byName(b, a);
    case 'last_updated':
      return (a, b) => a.pushedAt - b.pushedAt || byName(a, b);
    case '-last_updated':
      return (a, b) => b.pushedAt - a.pushedAt || byName(a, b);
  }
}
