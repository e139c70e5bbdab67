// Client-safe tag shapes shared by the tags table, the deletion feature and the services.

/** One tag as the browse UI and the filter logic see it. Times are ms since the epoch. */
export interface TagRow {
  name: string;
  /** Top-level manifest/index digest; null on some old tags. */
  digest: string | null;
  /** 'os/arch[/variant]' per platform image. */
  architectures: string[];
  /** Compressed size in bytes (Hub's full_size); null when unknown. */
  size: number | null;
  lastPushed: number | null;
  /** null means the tag was never pulled (a real value, not "unknown"). */
  lastPulled: number | null;
  /** 'active' | 'inactive' as Hub reports it; null when absent. */
  status: string | null;
  /** last_updater_username: who pushed it last. */
  pusher: string | null;
}

export type TagSortKey = 'name' | 'digest' | 'architectures' | 'size' | 'lastPushed' | 'lastPulled' | 'status';
export type SortDirection = 'asc' | 'desc';

export interface TagSort {
  key: TagSortKey;
  direction: SortDirection;
}

/**
 * Tag filters. Every field that is set narrows the result (AND). Inside `architectures` any one
 * match is enough (OR). `pulledBefore` together with `neverPulled` means "pulled before X or never
 * pulled" (the usual clean-up question); `neverPulled` alone means never pulled.
 */
export interface TagFilter {
  /** Substring, glob (`v1.*`, `?`, `[abc]`, `{a,b}`) or `/regex/flags`. */
  name?: string;
  /** ms epoch; lastPushed >= pushedAfter */
  pushedAfter?: number | null;
  /** ms epoch; lastPushed < pushedBefore */
  pushedBefore?: number | null;
  /** ms epoch; lastPulled < pulledBefore */
  pulledBefore?: number | null;
  neverPulled?: boolean;
  architectures?: string[];
  /** Only tags whose digest is shared with at least one other tag of the repository. */
  sharedDigest?: boolean;
  /** Only tags with this digest (full or a prefix of at least 7 hex characters, with or without `sha256:`). */
  digest?: string | null;
}
