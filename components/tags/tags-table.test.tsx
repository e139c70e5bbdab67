// Server-rendered TagsTable (no DOM library here): the filter bar, counts and messages that a
// person sees for a given view. Row virtualisation needs a browser and is covered by e2e/browse.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ToastProvider } from '@/components/ui/toast';
import type { TagRow } from '@/lib/tags/types';
import { EMPTY_TAG_VIEW, type TagViewState } from '@/lib/tags/view-state';
import { TagsTable } from './tags-table';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15);

const tag = (name: string, over: Partial<TagRow> = {}): TagRow => ({
  name,
  digest: `sha256:${name.replace(/[^a-f0-9]/g, 'a').padEnd(64, '0')}`,
  architectures: ['linux/amd64'],
  size: 1_000_000,
  lastPushed: NOW - DAY,
  lastPulled: NOW - DAY,
  status: 'active',
  pusher: 'sam',
  ...over,
});

const shared = 'sha256:'.padEnd(71, 'f');
const tags: TagRow[] = [
  tag('latest', { digest: shared }),
  tag('v1.0', { lastPushed: NOW - 400 * DAY, lastPulled: null }),
  tag('v1.1', { digest: shared, architectures: ['linux/amd64', 'linux/arm64/v8'] }),
  tag('pr-7', { lastPulled: null }),
];

function render(view: Partial<TagViewState>): string {
  return renderToString(
    <ToastProvider>
      <TagsTable tags={tags} view={{ ...EMPTY_TAG_VIEW, ...view }} onViewChange={() => {}} now={NOW} />
    </ToastProvider>,
  );
}

const text = (html: string): string =>
  html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('TagsTable (server render)', () => {
  it('counts all tags when nothing is filtered and explains shared digests', () => {
    const html = render({});
    expect(html).toContain('data-tag-total="4"');
    expect(text(html)).toContain('4 tags');
    expect(text(html)).toContain('Shares its digest with another tag (2)');
    expect(text(html)).toContain('deleting one of them frees no storage');
  });

  it('combines glob and never-pulled filters', () => {
    const html = render({ name: 'v1.*', neverPulled: true });
    expect(html).toContain('data-row-count="1"');
    expect(text(html)).toContain('1 of 4 tags match');
    expect(text(html)).toContain('Glob: * any text');
  });

  it('filters by age, architecture and shared digest', () => {
    expect(render({ pushedBefore: '100d' })).toContain('data-row-count="1"');
    expect(render({ architectures: ['linux/arm64/v8'] })).toContain('data-row-count="1"');
    expect(render({ sharedDigest: true })).toContain('data-row-count="2"');
  });

  it('shows an invalid regex as a message in place and keeps the rows', () => {
    const html = render({ name: '/v1[/' });
    expect(html).toContain('data-testid="tag-filter-error"');
    expect(text(html)).toContain('Invalid regular expression');
    expect(html).toContain('data-row-count="4"');
    expect(text(html)).toContain('The name filter is ignored until it is fixed');
  });

  it('reports an unreadable date next to its field', () => {
    expect(text(render({ pulledBefore: 'someday' }))).toContain('"someday" is not a date');
  });
});
