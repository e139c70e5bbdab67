// The tags table's filter/sort state as users type it (raw strings), its URL form (so a view can be
// shared), and its resolution into a TagFilter. Client-safe.
import { parseDateBound } from './dates';
import { TAG_SORT_KEYS } from './sort';
import type { TagFilter, TagSort, TagSortKey } from './types';

export interface TagViewState {
  name: string;
  pushedAfter: string;
  pushedBefore: string;
  pulledBefore: string;
  neverPulled: boolean;
  architectures: string[];
  sharedDigest: boolean;
  digest: string;
  sort: TagSort;
}

export const DEFAULT_TAG_SORT: TagSort = { key: 'lastPushed', direction: 'desc' };

export const EMPTY_TAG_VIEW: TagViewState = {
  name: '',
  pushedAfter: '',
  pushedBefore: '',
  pulledBefore: '',
  neverPulled: false,
  architectures: [],
  sharedDigest: false,
  digest: '',
  sort: DEFAULT_TAG_SORT,
};

type Params = { get(name: string): string | null; getAll(name: string): string[] };

/** Reads the view from URL search params (unknown or malformed values fall back to defaults). */
export function tagViewFromParams(params: Params): TagViewState {
  const sortKey = params.get('sort');
  const key: TagSortKey = TAG_SORT_KEYS.includes(sortKey as TagSortKey) ? (sortKey as TagSortKey) : DEFAULT_TAG_SORT.key;
  const dirParam = params.get('dir');
  const direction = dirParam === 'asc' || dirParam === 'desc' ? dirParam : sortKey === null ? DEFAULT_TAG_SORT.direction : 'asc';
  return {
    name: params.get('q') ?? '',
    pushedAfter: params.get('pushedAfter') ?? '',
    pushedBefore: params.get('pushedBefore') ?? '',
    pulledBefore: params.get('pulledBefore') ?? '',
    neverPulled: params.get('never') === '1',
    architectures: params.getAll('arch').filter((a) => a !== ''),
    sharedDigest: params.get('shared') === '1',
    digest: params.get('digest') ?? '',
    sort: { key, direction },
  };
}

/** Writes the non-default parts of the view as URL search params. */
export function tagViewToParams(view: TagViewState): URLSearchParams {
  const p = new URLSearchParams();
  if (view.name.trim() !== '') p.set('q', view.name);
  if (view.pushedAfter.trim() !== '') p.set('pushedAfter', view.pushedAfter.trim());
  if (view.pushedBefore.trim() !== '') p.set('pushedBefore', view.pushedBefore.trim());
  if (view.pulledBefore.trim() !== '') p.set('pulledBefore', view.pulledBefore.trim());
  if (view.neverPulled) p.set('never', '1');
  for (const a of view.architectures) p.append('arch', a);
  if (view.sharedDigest) p.set('shared', '1');
  if (view.digest.trim() !== '') p.set('digest', view.digest.trim());
  if (view.sort.key !== DEFAULT_TAG_SORT.key || view.sort.direction !== DEFAULT_TAG_SORT.direction) {
    p.set('sort', view.sort.key);
    p.set('dir', view.sort.direction);
  }
  return p;
}

export interface ResolvedTagView {
  filter: TagFilter;
  /** Messages per field for date inputs that could not be read (those bounds are ignored). */
  errors: Partial<Record<'pushedAfter' | 'pushedBefore' | 'pulledBefore', string>>;
}

/** Turns the typed view into a TagFilter; relative ages are measured from `now`. */
export function resolveTagView(view: TagViewState, now: number): ResolvedTagView {
  const errors: ResolvedTagView['errors'] = {};
  const bound = (field: 'pushedAfter' | 'pushedBefore' | 'pulledBefore'): number | null => {
    const parsed = parseDateBound(view[field], now);
    if (!parsed.ok) {
      errors[field] = parsed.error;
      return null;
    }
    return parsed.value;
  };
  return {
    filter: {
      name: view.name,
      pushedAfter: bound('pushedAfter'),
      pushedBefore: bound('pushedBefore'),
      pulledBefore: bound('pulledBefore'),
      neverPulled: view.neverPulled,
      architectures: view.architectures,
      sharedDigest: view.sharedDigest,
      digest: view.digest,
    },
    errors,
  };
}
