import { describe, expect, it } from 'vitest';

import { groupMembersResponseSchema, repositorySchema, tagPageSchema, tagSchema } from './schemas';

const realTag = {
  creator: 1,
  id: 2,
  images: [
    {
      architecture: 'amd64',
      features: '',
      variant: null,
      digest: 'sha256:a',
      os: 'linux',
      os_features: '',
      os_version: null,
      size: 10,
      status: 'active',
      last_pulled: null,
      last_pushed: '2026-01-01T00:00:00.000000Z',
    },
    {
      architecture: 'arm',
      features: '',
      variant: 'v7',
      digest: 'sha256:b',
      os: 'linux',
      os_features: '',
      os_version: null,
      size: 11,
      status: 'active',
      last_pulled: null,
      last_pushed: null,
    },
    {
      architecture: 'unknown',
      features: '',
      variant: null,
      digest: 'sha256:att',
      os: 'unknown',
      os_features: '',
      os_version: null,
      size: 1,
      status: 'active',
      last_pulled: null,
      last_pushed: null,
    },
  ],
  last_updated: '2026-01-01T00:00:00.000000Z',
  last_updater: 3,
  last_updater_username: 'alice',
  name: 'v1',
  repository: 4,
  full_size: 21,
  v2: true,
  tag_status: 'active',
  tag_last_pulled: null,
  tag_last_pushed: '2026-01-01T00:00:00.000000Z',
  media_type: 'application/vnd.oci.image.index.v1+json',
  content_type: 'image',
  digest: 'sha256:index',
};

describe('tag schema', () => {
  it('maps the real shape', () => {
    const tag = tagSchema.parse(realTag);
    expect(tag).toMatchObject({
      name: 'v1',
      digest: 'sha256:index',
      architectures: ['linux/amd64', 'linux/arm/v7'],
      fullSize: 21,
      status: 'active',
      lastPulled: null,
      lastPushed: '2026-01-01T00:00:00.000000Z',
      lastUpdaterUsername: 'alice',
      mediaType: 'application/vnd.oci.image.index.v1+json',
    });
    expect(tag.images).toHaveLength(3);
  });

  it('accepts the spec variant: images object, v2 string, status, no digest', () => {
    const { images, tag_status: _ts, digest: _d, ...rest } = realTag;
    const first = images[0];
    const tag = tagSchema.parse({ ...rest, images: { ...first, os: null }, v2: 'true', status: 'inactive' });
    expect(tag.digest).toBeNull();
    expect(tag.status).toBe('inactive');
    expect(tag.architectures).toEqual(['amd64']);
  });

  it('parses a page', () => {
    const page = tagPageSchema.parse({ count: 1, next: null, previous: null, results: [realTag] });
    expect(page.count).toBe(1);
    expect(page.results[0]?.name).toBe('v1');
  });
});

describe('repository schema', () => {
  it('tolerates absent/null full_description and nullable fields', () => {
    const base = {
      name: 'web',
      namespace: 'acme',
      description: null,
      is_private: true,
      star_count: 1,
      pull_count: 2,
      last_updated: null,
      date_registered: '2020-01-01T00:00:00Z',
    };
    const absent = repositorySchema.parse(base);
    expect(absent.fullDescription).toBeUndefined();
    expect(absent.description).toBe('');
    expect(absent.isPrivate).toBe(true);
    const nulled = repositorySchema.parse({
      ...base,
      full_description: null,
      storage_size: null,
      categories: [{ name: 'Databases', slug: 'databases' }],
    });
    expect(nulled.fullDescription).toBeNull();
    expect(nulled.categories).toEqual(['Databases']);
  });
});

describe('group members', () => {
  it('accepts a page or a bare array', () => {
    const m = { id: 'u1', username: 'bob' };
    expect(groupMembersResponseSchema.parse([m]).results[0]?.username).toBe('bob');
    expect(groupMembersResponseSchema.parse({ count: 1, next: null, previous: null, results: [m] }).count).toBe(1);
  });
});
