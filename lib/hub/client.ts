// The server-only Docker Hub client: one object per Hubkeeper instance, built from the identifier and
// the decrypted secret the caller hands in (it never reads the database). Token exchange and caching
// live in token-manager.ts, every HTTP policy (timeouts, caps, 429s, retries, 401 refresh, error
// mapping) in http.ts, parallel paging in paging.ts.
import 'server-only';

import { createHash } from 'node:crypto';

import { Semaphore } from './concurrency';
import { isHubError, localValidationError, type HubCallContext } from './errors';
import {
  DEFAULT_RATE_LIMIT,
  HubHttp,
  ignoreBody,
  withSchema,
  type HttpMethod,
  type HubLogger,
  type InstanceState,
  type RateLimitOptions,
} from './http';
import { segment } from './names';
import { listAllPages, MAX_PAGE_SIZE, type ListAllOptions } from './paging';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY, type RetryOptions } from './retry';
import {
  accessTokenResponseSchema,
  auditLogsResponseSchema,
  groupMembersResponseSchema,
  groupPageSchema,
  loginResponseSchema,
  orgMemberPageSchema,
  orgSchema,
  repositoryGroupSchema,
  repositoryPageSchema,
  repositorySchema,
  tagPageSchema,
  tagSchema,
  userSchema,
} from './schemas';
import { TokenManager, type TokenStore } from './token-manager';
import type {
  HubAuditLog,
  HubGroup,
  HubGroupMember,
  HubOrg,
  HubOrgMember,
  HubPage,
  HubRepository,
  HubRepositoryGroup,
  HubRepositoryOrdering,
  HubTag,
  HubTeamPermission,
  HubTokenClaims,
  HubUser,
} from './types';

export type { TokenStore } from './token-manager';
export type { HubLogger } from './http';

export const DEFAULT_HUB_BASE_URL = 'https://hub.docker.com';

/**
 * Default parallel reads per instance. Listing N pages costs about 2 + ceil((N-1)/cap) round trips
 * instead of N+1; for 10,000 tags (100 pages) cap 8 gives 15 round trips (~6x faster than following
 * `next`, see bench/hub.ts) while keeping at most 8 requests in flight against Hub's unpublished
 * anti-abuse limits. Higher caps gain little once per-page CPU dominates.
 */
export const DEFAULT_READ_CONCURRENCY = 8;
export const DEFAULT_WRITE_CONCURRENCY = 2;
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HubClientOptions {
  /** Default https://hub.docker.com; the app passes env DOCKERHUB_API_URL (tests: the emulator's URL). */
  baseUrl?: string;
  /** Username (PAT/password) or organization name (OAT). */
  identifier: string;
  /** Decrypted PAT/OAT/password. Kept in this closure only; never logged or put in errors. */
  secret: string;
  /** Stable id of the Hubkeeper instance; keys the shared token cache, caps and rate-limit state. */
  cacheKey: string;
  tokenStore?: TokenStore;
  readConcurrency?: number;
  writeConcurrency?: number;
  timeoutMs?: number;
  /** ms epoch; used to judge token expiry and Hub's absolute times (default Date.now). */
  clock?: () => number;
  logger?: HubLogger;
  userAgent?: string;
  retry?: Partial<RetryOptions>;
  rateLimit?: Partial<RateLimitOptions>;
}

export interface ListRepositoriesPageOptions {
  page?: number;
  pageSize?: number;
  name?: string;
  ordering?: HubRepositoryOrdering;
  signal?: AbortSignal;
}

export interface ListAllRepositoriesOptions extends ListAllOptions {
  name?: string;
  ordering?: HubRepositoryOrdering;
}

export interface DescriptionUpdate {
  description?: string;
  full_description?: string;
}

export interface AuditLogFilters {
  action?: string;
  name?: string;
  actor?: string;
  /** ISO date-time or Date */
  from?: string | Date;
  to?: string | Date;
  page?: number;
  pageSize?: number;
}

export interface RawRequest {
  method: HttpMethod;
  /** Already-encoded path starting with /v2/ (sent exactly as given). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** The Hub client for one Hubkeeper instance. Every method throws HubError on failure. */
export interface HubClient {
  readonly baseUrl: string;
  readonly identifier: string;
  /** Ensures a valid token (exchanging if needed) and returns what it says about itself. */
  exchangeToken(): Promise<HubTokenClaims>;
  /** Claims of the current token (scope, source kind pat|oat|password, username, expiry). */
  tokenClaims(): Promise<HubTokenClaims>;
  /** Forgets this instance's cached token in this process (e.g. after the secret changed). */
  invalidateToken(): void;
  listRepositoriesPage(namespace: string, opts?: ListRepositoriesPageOptions): Promise<HubPage<HubRepository>>;
  listAllRepositories(namespace: string, opts?: ListAllRepositoriesOptions): Promise<HubRepository[]>;
  getRepository(namespace: string, repository: string): Promise<HubRepository>;
  listTagsPage(
    namespace: string,
    repository: string,
    opts?: { page?: number; pageSize?: number; signal?: AbortSignal },
  ): Promise<HubPage<HubTag>>;
  listAllTags(namespace: string, repository: string, opts?: ListAllOptions): Promise<HubTag[]>;
  getTag(namespace: string, repository: string, tag: string): Promise<HubTag>;
  updateRepositoryDescriptions(
    namespace: string,
    repository: string,
    update: DescriptionUpdate,
  ): Promise<HubRepository>;
  deleteTag(namespace: string, repository: string, tag: string): Promise<void>;
  grantTeamAccess(
    namespace: string,
    repository: string,
    grant: { groupId: number; permission: HubTeamPermission },
  ): Promise<HubRepositoryGroup>;
  getUser(username: string): Promise<HubUser>;
  getOrg(org: string): Promise<HubOrg>;
  listOrgGroups(org: string, opts?: ListAllOptions): Promise<HubGroup[]>;
  listGroupMembers(org: string, group: string, opts?: ListAllOptions): Promise<HubGroupMember[]>;
  listOrgMembers(org: string, opts?: ListAllOptions): Promise<HubOrgMember[]>;
  listAuditLogs(account: string, filters?: AuditLogFilters): Promise<HubAuditLog[]>;
  /** Low-level escape hatch (tests, diagnostics): sends `path` verbatim with the usual policies; returns the JSON body. */
  rawRequest(req: RawRequest): Promise<{ status: number; data: unknown }>;
}

const ORDERINGS: readonly HubRepositoryOrdering[] = [
  'name',
  '-name',
  'last_updated',
  '-last_updated',
  'pull_count',
  '-pull_count',
];
const PERMISSIONS: readonly HubTeamPermission[] = ['read', 'write', 'admin'];
const MAX_DESCRIPTION = 100;
const MAX_FULL_DESCRIPTION = 25_000;

// Caps and rate-limit state per instance, shared by all client objects of this process.
const instances = new Map<string, InstanceState>();

function instanceState(key: string, reads: number, writes: number): InstanceState {
  const existing = instances.get(key);
  if (existing !== undefined) {
    existing.reads.setLimit(reads);
    existing.writes.setLimit(writes);
    return existing;
  }
  const state: InstanceState = {
    reads: new Semaphore(reads),
    writes: new Semaphore(writes),
    limiter: new RateLimiter(),
  };
  instances.set(key, state);
  return state;
}

function positiveInt(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer`);
  return value;
}

function pageArgs(page: number | undefined, pageSize: number | undefined): { page: number; page_size: number } {
  const p = page ?? 1;
  const size = pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(p) || p < 1) throw localValidationError('page', 'page must be a whole number of at least 1.');
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw localValidationError('pageSize', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return { page: p, page_size: size };
}

function isoOf(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}

/** Creates the server-only Docker Hub client for one instance (identifier + decrypted secret). */
export function createHubClient(options: HubClientOptions): HubClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_HUB_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw localValidationError('baseUrl', 'The Docker Hub API URL must be an http(s) URL.');
  }
  const { identifier, secret } = options;
  if (identifier.trim() === '')
    throw localValidationError('identifier', 'A Docker Hub username or organization is required.');
  if (secret === '') throw localValidationError('secret', 'A Docker Hub access token is required.');
  const clock = options.clock ?? Date.now;
  const rateLimit: RateLimitOptions = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const instanceKey = `${baseUrl}|${options.cacheKey}`;
  const state = instanceState(
    instanceKey,
    positiveInt(options.readConcurrency, DEFAULT_READ_CONCURRENCY, 'readConcurrency'),
    positiveInt(options.writeConcurrency, DEFAULT_WRITE_CONCURRENCY, 'writeConcurrency'),
  );

  const http = new HubHttp(
    {
      baseUrl,
      timeoutMs: positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs'),
      retry,
      rateLimit,
      clock,
      userAgent: options.userAgent ?? 'hubkeeper',
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      secrets: () => [secret],
    },
    state,
    null,
  );

  const authContext: HubCallContext = { action: 'sign in to Docker Hub', access: 'auth' };

  // POST /v2/auth/token; only a 404/405 (route missing) falls back to the deprecated login route.
  const exchange = async (): Promise<string> => {
    try {
      const res = await http.request({
        method: 'POST',
        path: '/v2/auth/token',
        body: { identifier, secret },
        parse: withSchema(accessTokenResponseSchema, 'token exchange'),
        context: authContext,
        auth: false,
        safeToRetry: true,
        lane: 'none',
      });
      return res.data.access_token;
    } catch (err) {
      if (!isHubError(err) || (err.status !== 404 && err.status !== 405)) throw err;
    }
    const res = await http.request({
      method: 'POST',
      path: '/v2/users/login',
      body: { username: identifier, password: secret },
      parse: withSchema(loginResponseSchema, 'login'),
      context: authContext,
      auth: false,
      safeToRetry: true,
      lane: 'none',
    });
    return res.data.token;
  };

  // The fingerprint keeps a replaced secret from reusing the old secret's cached token.
  const fingerprint = createHash('sha256').update(`${identifier}\u0000${secret}`).digest('hex').slice(0, 16);
  const tokens = new TokenManager({
    memoryKey: `${instanceKey}|${fingerprint}`,
    storeKey: options.cacheKey,
    ...(options.tokenStore === undefined ? {} : { store: options.tokenStore }),
    clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    exchange,
  });
  http.setTokenProvider(tokens);

  const get = async <T>(
    path: string,
    parse: (body: unknown) => T,
    context: HubCallContext,
    query?: Record<string, string | number | boolean | undefined>,
    signal?: AbortSignal,
  ): Promise<T> => {
    const res = await http.request({
      method: 'GET',
      path,
      parse,
      context,
      auth: true,
      ...(query === undefined ? {} : { query }),
      ...(signal === undefined ? {} : { signal }),
    });
    return res.data;
  };

  const repoPath = (namespace: string, repository: string): string =>
    `/v2/namespaces/${segment('namespace', namespace)}/repositories/${segment('repository', repository)}`;
  // Legacy (Django) paths always end in "/": without it Hub answers 301, and a redirected write
  // silently becomes a GET (notes §1).
  const legacyRepoPath = (namespace: string, repository: string): string =>
    `/v2/repositories/${segment('namespace', namespace)}/${segment('repository', repository)}/`;

  const parseRepositoryPage = withSchema(repositoryPageSchema, 'repository list');
  const parseTagPage = withSchema(tagPageSchema, 'tag list');

  const listRepositoriesPage = async (
    namespace: string,
    opts: ListRepositoriesPageOptions = {},
  ): Promise<HubPage<HubRepository>> => {
    const path = `/v2/namespaces/${segment('namespace', namespace)}/repositories`;
    if (opts.ordering !== undefined && !ORDERINGS.includes(opts.ordering)) {
      throw localValidationError('ordering', `ordering must be one of ${ORDERINGS.join(', ')}.`);
    }
    const query = {
      ...pageArgs(opts.page, opts.pageSize),
      name: opts.name === '' ? undefined : opts.name,
      ordering: opts.ordering,
    };
    return get(
      path,
      parseRepositoryPage,
      { action: `list the repositories of ${namespace}`, access: 'read' },
      query,
      opts.signal,
    );
  };

  const listTagsPage = async (
    namespace: string,
    repository: string,
    opts: { page?: number; pageSize?: number; signal?: AbortSignal } = {},
  ): Promise<HubPage<HubTag>> =>
    get(
      `${repoPath(namespace, repository)}/tags`,
      parseTagPage,
      { action: `list the tags of ${namespace}/${repository}`, access: 'read' },
      pageArgs(opts.page, opts.pageSize),
      opts.signal,
    );

  const client: HubClient = {
    baseUrl,
    identifier,

    async exchangeToken() {
      return tokens.claims();
    },

    async tokenClaims() {
      return tokens.claims();
    },

    invalidateToken() {
      tokens.invalidate();
    },

    listRepositoriesPage,

    async listAllRepositories(namespace, opts = {}) {
      // Validate before the first request so a bad name never reaches Hub.
      segment('namespace', namespace);
      return listAllPages(
        (page, pageSize, signal) =>
          listRepositoriesPage(namespace, {
            page,
            pageSize,
            signal,
            ...(opts.name === undefined ? {} : { name: opts.name }),
            ...(opts.ordering === undefined ? {} : { ordering: opts.ordering }),
          }),
        (repo) => repo.name,
        opts,
      );
    },

    async getRepository(namespace, repository) {
      return get(repoPath(namespace, repository), withSchema(repositorySchema, 'repository'), {
        action: `read repository ${namespace}/${repository}`,
        access: 'read',
      });
    },

    listTagsPage,

    async listAllTags(namespace, repository, opts = {}) {
      repoPath(namespace, repository);
      return listAllPages(
        (page, pageSize, signal) => listTagsPage(namespace, repository, { page, pageSize, signal }),
        (tag) => tag.name,
        opts,
      );
    },

    async getTag(namespace, repository, tag) {
      return get(`${repoPath(namespace, repository)}/tags/${segment('tag', tag)}`, withSchema(tagSchema, 'tag'), {
        action: `read tag ${namespace}/${repository}:${tag}`,
        access: 'read',
      });
    },

    async updateRepositoryDescriptions(namespace, repository, update) {
      const path = legacyRepoPath(namespace, repository);
      const body: DescriptionUpdate = {};
      if (update.description !== undefined) {
        // Hub counts characters (code points), not UTF-16 units.
        const length = [...update.description].length;
        if (length > MAX_DESCRIPTION) {
          throw localValidationError(
            'description',
            `The short description has ${length} characters; Docker Hub allows at most ${MAX_DESCRIPTION}.`,
          );
        }
        body.description = update.description;
      }
      if (update.full_description !== undefined) {
        if ([...update.full_description].length > MAX_FULL_DESCRIPTION) {
          throw localValidationError(
            'full_description',
            `The full description is longer than Docker Hub's limit of ${MAX_FULL_DESCRIPTION} characters.`,
          );
        }
        body.full_description = update.full_description;
      }
      if (body.description === undefined && body.full_description === undefined) {
        throw localValidationError(
          'description',
          'Nothing to update: give a description, a full description, or both.',
        );
      }
      const res = await http.request({
        method: 'PATCH',
        path,
        body,
        parse: withSchema(repositorySchema, 'repository'),
        context: { action: `update the description of ${namespace}/${repository}`, access: 'write' },
        auth: true,
      });
      return res.data;
    },

    async deleteTag(namespace, repository, tag) {
      const path = `${legacyRepoPath(namespace, repository)}tags/${segment('tag', tag)}/`;
      await http.request({
        method: 'DELETE',
        path,
        parse: ignoreBody,
        context: { action: `delete tag ${namespace}/${repository}:${tag}`, access: 'write' },
        auth: true,
      });
    },

    async grantTeamAccess(namespace, repository, grant) {
      const path = `/v2/repositories/${segment('namespace', namespace)}/${segment('repository', repository)}/groups`;
      if (!Number.isInteger(grant.groupId) || grant.groupId < 1) {
        throw localValidationError(
          'groupId',
          'groupId must be a positive whole number (the team id from listOrgGroups).',
        );
      }
      if (!PERMISSIONS.includes(grant.permission)) {
        throw localValidationError('permission', `permission must be one of ${PERMISSIONS.join(', ')}.`);
      }
      const res = await http.request({
        method: 'POST',
        path,
        body: { group_id: grant.groupId, permission: grant.permission },
        parse: withSchema(repositoryGroupSchema, 'team access grant'),
        context: { action: `grant team access to ${namespace}/${repository}`, access: 'grant' },
        auth: true,
      });
      return res.data;
    },

    async getUser(username) {
      return get(`/v2/users/${segment('username', username)}/`, withSchema(userSchema, 'user'), {
        action: `read user ${username}`,
        access: 'read',
      });
    },

    async getOrg(org) {
      return get(`/v2/orgs/${segment('organization', org)}`, withSchema(orgSchema, 'organization'), {
        action: `read organization ${org}`,
        access: 'org',
      });
    },

    async listOrgGroups(org, opts = {}) {
      const path = `/v2/orgs/${segment('organization', org)}/groups`;
      const parse = withSchema(groupPageSchema, 'team list');
      return listAllPages(
        (page, pageSize, signal) =>
          get(
            path,
            parse,
            { action: `list the teams of ${org}`, access: 'org' },
            { page, page_size: pageSize },
            signal,
          ),
        (group) => group.name,
        opts,
      );
    },

    async listGroupMembers(org, group, opts = {}) {
      const path = `/v2/orgs/${segment('organization', org)}/groups/${segment('group', group)}/members`;
      const parse = withSchema(groupMembersResponseSchema, 'team member list');
      return listAllPages(
        (page, pageSize, signal) =>
          get(
            path,
            parse,
            { action: `list the members of team ${org}/${group}`, access: 'org' },
            { page, page_size: pageSize },
            signal,
          ),
        (member) => member.username,
        opts,
      );
    },

    async listOrgMembers(org, opts = {}) {
      const path = `/v2/orgs/${segment('organization', org)}/members`;
      const parse = withSchema(orgMemberPageSchema, 'member list');
      return listAllPages(
        (page, pageSize, signal) =>
          get(
            path,
            parse,
            { action: `list the members of ${org}`, access: 'org' },
            { page, page_size: pageSize },
            signal,
          ),
        (member) => member.username,
        opts,
      );
    },

    async listAuditLogs(account, filters = {}) {
      const path = `/v2/auditlogs/${segment('namespace', account)}`;
      const query = {
        ...pageArgs(filters.page, filters.pageSize ?? 25),
        action: filters.action,
        name: filters.name,
        actor: filters.actor,
        from: isoOf(filters.from),
        to: isoOf(filters.to),
      };
      return get(
        path,
        withSchema(auditLogsResponseSchema, 'audit log'),
        { action: `read the audit log of ${account}`, access: 'org' },
        query,
      );
    },

    async rawRequest(req) {
      if (!req.path.startsWith('/v2/')) throw localValidationError('path', 'path must start with /v2/.');
      const res = await http.request({
        method: req.method,
        path: req.path,
        ...(req.query === undefined ? {} : { query: req.query }),
        ...(req.body === undefined ? {} : { body: req.body }),
        parse: (body) => body,
        context: {
          action: `${req.method} ${req.path}`,
          access: req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write',
        },
        auth: true,
      });
      return res;
    },
  };
  return client;
}
