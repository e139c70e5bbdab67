import {
  addPath,
  addProperty,
  addResponse,
  at,
  isObject,
  operation,
  operations,
  ref,
  replaceProperty,
  response,
  schema,
  type JsonObject,
} from './spec-patch';

/**
 * Every deliberate difference between the emulator and shared/specs/dockerhub-openapi.yaml, in ONE place.
 * The contract test applies these patches to the spec before validating the emulator's responses against it,
 * and prints this list. A deviation is either a documented spec defect (notes §9), an observed real-API fact the
 * spec lacks (notes §4.3, §11), or an undocumented route the app needs (notes §12.3). Anything the emulator
 * sends that is not covered here fails the contract test.
 */
export interface Deviation {
  id: string;
  reason: string;
  apply(spec: JsonObject): void;
}

// Schema builders return fresh objects: the dereferencer rewrites $ref nodes in place.
const errorBody = (): JsonObject => ref('error');
const legacyDetail = (): JsonObject => ({
  type: 'object',
  required: ['detail'],
  properties: { detail: { type: 'string' } },
});
const rateLimitBody = (): JsonObject => ({
  type: 'object',
  required: ['detail', 'error'],
  properties: { detail: { type: 'string' }, error: { type: 'boolean' } },
});
/** The 403 bodies of the legacy routes: DRF {detail}, or Hub's {message, errinfo} for token-type refusals. */
const legacyOrError = (): JsonObject => ({ anyOf: [legacyDetail(), errorBody()] });

const param = (name: string): JsonObject => ({ in: 'path', name, required: true, schema: { type: 'string' } });
const redirect = (): JsonObject =>
  response('Moved Permanently: the same path with a trailing slash (query kept); nothing is performed', null);

const publicProfile: JsonObject = {
  type: 'object',
  required: ['id', 'username', 'type'],
  properties: {
    id: { type: 'string' },
    uuid: { type: 'string' },
    username: { type: 'string' },
    full_name: { type: 'string' },
    location: { type: 'string' },
    company: { type: 'string' },
    profile_url: { type: 'string' },
    date_joined: { type: 'string', format: 'date-time' },
    gravatar_url: { type: 'string' },
    gravatar_email: { type: 'string' },
    type: { type: 'string', enum: ['User'] },
  },
};

export const DEVIATIONS: Deviation[] = [
  {
    id: 'tooling/synthetic-operation-ids',
    reason:
      'Not a behaviour change: openapi-backend validates only operations that have an operationId, and 30 of the ' +
      "spec's operations (org, group, invite, token routes, HEAD variants) have none. They get `<method> <path>`.",
    apply(spec) {
      for (const { path, method, op } of operations(spec)) op.operationId ??= `${method} ${path}`;
    },
  },
  {
    id: 'tag/images-array',
    reason: 'Spec defect (notes §9): tag.images is declared as an object; the real API sends an array of image.',
    apply(spec) {
      replaceProperty(schema(spec, 'tag'), 'images', { type: 'array', items: ref('image') });
    },
  },
  {
    id: 'tag/v2-boolean',
    reason: 'Spec defect (notes §9): tag.v2 is declared as a string; the real API sends a boolean.',
    apply(spec) {
      replaceProperty(schema(spec, 'tag'), 'v2', { type: 'boolean' });
    },
  },
  {
    id: 'tag/real-extra-fields',
    reason:
      'Observed real tag fields missing from the spec (notes §4.3): tag_status (the real status key; the spec ' +
      '`status` is still sent as an alias), media_type, content_type, and a top-level digest that is absent on some old tags.',
    apply(spec) {
      const tag = schema(spec, 'tag');
      addProperty(tag, 'tag_status', { type: 'string', enum: ['active', 'inactive'] });
      addProperty(tag, 'media_type', { type: 'string' });
      addProperty(tag, 'content_type', { type: 'string' });
      addProperty(tag, 'digest', { type: 'string' });
    },
  },
  {
    id: 'image/nullable-variant-os-version',
    reason: 'Observed (notes §4.3): images[].variant and images[].os_version are often null in real responses.',
    apply(spec) {
      const image = schema(spec, 'image');
      replaceProperty(image, 'variant', { type: 'string', nullable: true });
      replaceProperty(image, 'os_version', { type: 'string', nullable: true });
    },
  },
  {
    id: 'errors/one-error-shape',
    reason:
      'Routes whose spec errors use `Error` {detail, message} (tag routes, NotFound of the grant route, token ' +
      "management) answer in Hub's observed {message, errinfo} shape, so `Error` gains errinfo.",
    apply(spec) {
      addProperty(schema(spec, 'Error'), 'errinfo', { type: 'object' });
    },
  },
  {
    id: 'errors/value-error-fields',
    reason:
      "The spec's own 400 example for listNamespaceRepositories is ValueError-shaped ({fields, text}) under an " +
      '`error` schema; the emulator sends exactly that for a bad ordering and adds `fields` to its page/page_size 400s.',
    apply(spec) {
      const error = schema(spec, 'error');
      addProperty(error, 'fields', { type: 'object' });
      addProperty(error, 'text', { type: 'string' });
    },
  },
  {
    id: 'status/undocumented-error-codes',
    reason:
      'Error statuses the emulator sends that the spec does not list: 400 (bad page/page_size/ordering) and 401 ' +
      '(invalid bearer) on the tag routes; 400 for a body without identifier/secret on /v2/auth/token (notes §13) ' +
      'or without username/password on /v2/users/login; 403 for PAT/OAT-derived JWTs on /v2/access-tokens* ' +
      '(hub-feedback#2478); 400/401/403/404 on audit logs (the spec lists only 200/429/500/default).',
    apply(spec) {
      const tags = operation(spec, '/v2/namespaces/{namespace}/repositories/{repository}/tags', 'get');
      addResponse(tags, 400, 'Invalid page, page_size or ordering', errorBody());
      addResponse(tags, 401, 'Invalid bearer token', errorBody());
      addResponse(
        operation(spec, '/v2/namespaces/{namespace}/repositories/{repository}/tags/{tag}', 'get'),
        401,
        'Invalid bearer token',
        errorBody(),
      );
      addResponse(operation(spec, '/v2/auth/token', 'post'), 400, 'identifier or secret missing', errorBody());
      addResponse(operation(spec, '/v2/users/login', 'post'), 400, 'username or password missing', legacyDetail());
      addResponse(operation(spec, '/v2/access-tokens', 'get'), 403, 'token type refused', errorBody());
      addResponse(operation(spec, '/v2/access-tokens', 'post'), 403, 'token type refused', errorBody());
      addResponse(operation(spec, '/v2/access-tokens/{uuid}', 'get'), 403, 'token type refused', errorBody());
      for (const path of ['/v2/auditlogs/{account}', '/v2/auditlogs/{account}/actions']) {
        const op = operation(spec, path, 'get');
        for (const status of [400, 401, 403, 404]) {
          if (path.endsWith('actions') && status === 400) continue;
          addResponse(op, status, 'error', errorBody());
        }
      }
    },
  },
  {
    id: 'orgs/members-list-object',
    reason:
      'Spec defect (notes §9): the members list 200 is declared as an array of pages; the real body is one org_member_paginated object.',
    apply(spec) {
      const ok = at(
        operation(spec, '/v2/orgs/{org_name}/members', 'get'),
        'responses',
        '200',
        'content',
        'application/json',
      );
      ok.schema = ref('org_member_paginated');
    },
  },
  {
    id: 'orgs/member-role-editor',
    reason: 'Docs 2026-09-01 added the Editor org role; the spec enum (Owner, Member, Invitee) predates it.',
    apply(spec) {
      const role = at(schema(spec, 'org_member'), 'properties', 'role');
      role.enum = ['Owner', 'Editor', 'Member', 'Invitee'];
    },
  },
  {
    id: 'pages/nullable-links',
    reason:
      'next/previous are declared as non-nullable strings on several list schemas (members, groups, group members, ' +
      "PAT and OAT lists), yet the spec's own examples show null at the ends, as the real API sends.",
    apply(spec) {
      let patched = 0;
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!isObject(node)) return;
        const props = node.properties;
        if (isObject(props) && isObject(props.next) && isObject(props.previous)) {
          for (const key of ['next', 'previous']) {
            const link = props[key] as JsonObject;
            if (link.type === 'string' && link.nullable !== true) {
              link.nullable = true;
              patched++;
            }
          }
        }
        Object.values(node).forEach(visit);
      };
      visit(spec);
      if (patched === 0) throw new Error('spec patch: no non-nullable page links found');
    },
  },
  {
    id: 'tokens/nullable-expires-at',
    reason:
      'accessToken.expires_at is documented as optional at creation ("never expires"); responses carry null then.',
    apply(spec) {
      replaceProperty(schema(spec, 'accessToken'), 'expires_at', {
        type: 'string',
        format: 'date-time',
        nullable: true,
      });
    },
  },
  {
    id: 'head/no-body',
    reason: 'Spec defect (notes §9): HEAD operations declare JSON bodies; a real HEAD answer has none.',
    apply(spec) {
      for (const { method, op } of operations(spec)) {
        if (method !== 'head') continue;
        const responses = at(op, 'responses');
        // Entries are often $refs to shared responses: replace the entry, do not edit the shared target.
        for (const status of Object.keys(responses)) responses[status] = response(`HEAD ${status}`, null);
      }
    },
  },
  {
    id: 'rate-limit/429-everywhere',
    reason:
      'The rate-limiting section (prose) applies to every route: 429 {"detail":"Rate limit exceeded","error":false} ' +
      'with Retry-After. Only the audit-log operation lists it.',
    apply(spec) {
      for (const { op } of operations(spec)) {
        const responses = at(op, 'responses');
        responses['429'] ??= response('Rate limit exceeded', rateLimitBody());
      }
    },
  },
  {
    id: 'namespaced/patch-repository-403',
    reason:
      'PATCH /v2/namespaces/{ns}/repositories/{repo} is not an update endpoint; Hub answers 403 (notes §3.4). ' +
      'The emulator mirrors that so clients that try it see the real failure.',
    apply(spec) {
      at(spec, 'paths', '/v2/namespaces/{namespace}/repositories/{repository}').patch = {
        operationId: 'emulator:PatchNamespacedRepository',
        responses: { '401': response('Unauthorized', errorBody()), '403': response('Forbidden', errorBody()) },
      };
    },
  },
  {
    id: 'legacy/repository-routes',
    reason:
      'Undocumented Django-era routes the app needs (notes §3.4, §4.1, §4.4, §12.3): GET /v2/repositories/{ns}/, ' +
      'GET and PATCH /v2/repositories/{ns}/{repo}/, GET .../tags/ and .../tags/{tag}/, DELETE .../tags/{tag}/. ' +
      'Canonical paths end in "/", the slash-less form answers 301; DRF bodies {"detail": ...} for 404/403; ' +
      'PATCH 400 is ValueError {fields, text}; DELETE may 500 with a nested registry error (hub-feedback#2398).',
    apply(spec) {
      const ns = param('namespace');
      const repo = param('repository');
      const tag = param('tag');
      const common = () => ({
        '301': redirect(),
        '401': response('Unauthorized', errorBody()),
        '403': response('Forbidden', legacyOrError()),
      });
      addPath(spec, '/v2/repositories/{namespace}', {
        get: {
          operationId: 'legacy:ListRepositories',
          parameters: [ns],
          responses: {
            '200': response('Repositories', ref('list_repositories_response')),
            '404': response('Not found', legacyDetail()),
            ...common(),
          },
        },
      });
      addPath(spec, '/v2/repositories/{namespace}/{repository}', {
        get: {
          operationId: 'legacy:GetRepository',
          parameters: [ns, repo],
          responses: {
            '200': response('Repository (full_description absent when unset)', ref('repository_info')),
            '404': response('Not found', legacyDetail()),
            ...common(),
          },
        },
        patch: {
          operationId: 'legacy:UpdateRepositoryDescriptions',
          parameters: [ns, repo],
          responses: {
            '200': response('Updated repository', ref('repository_info')),
            '400': response('Too long', ref('ValueError')),
            '404': response('Not found', legacyDetail()),
            ...common(),
          },
        },
      });
      addPath(spec, '/v2/repositories/{namespace}/{repository}/tags', {
        get: {
          operationId: 'legacy:ListTags',
          parameters: [ns, repo],
          responses: {
            '200': response('Tags', ref('paginated_tags')),
            '404': response('Not found', legacyDetail()),
            ...common(),
          },
        },
      });
      addPath(spec, '/v2/repositories/{namespace}/{repository}/tags/{tag}', {
        get: {
          operationId: 'legacy:GetTag',
          parameters: [ns, repo, tag],
          responses: { '200': response('Tag', ref('tag')), '404': response('Not found', legacyDetail()), ...common() },
        },
        delete: {
          operationId: 'legacy:DeleteTag',
          parameters: [ns, repo, tag],
          responses: {
            '204': response('Deleted', null),
            '400': response('Immutable tag', legacyDetail()),
            '404': response('Not found', legacyDetail()),
            '500': response('Registry-side failure', errorBody()),
            ...common(),
          },
        },
      });
    },
  },
  {
    id: 'legacy/account-routes',
    reason:
      'Undocumented account routes (notes §6): GET /v2/users/{username}/ (public profile, 301 without slash), ' +
      'GET /v2/user/ (own profile, adds email), GET /v2/orgs/{name} (hub-tool fields).',
    apply(spec) {
      const own: JsonObject = {
        ...publicProfile,
        properties: { ...(publicProfile.properties as JsonObject), email: { type: 'string' } },
      };
      const org: JsonObject = {
        type: 'object',
        required: ['id', 'orgname', 'type'],
        properties: {
          id: { type: 'string' },
          uuid: { type: 'string' },
          orgname: { type: 'string' },
          full_name: { type: 'string' },
          location: { type: 'string' },
          company: { type: 'string' },
          profile_url: { type: 'string' },
          date_joined: { type: 'string', format: 'date-time' },
          gravatar_url: { type: 'string' },
          gravatar_email: { type: 'string' },
          type: { type: 'string', enum: ['Organization'] },
        },
      };
      addPath(spec, '/v2/users/{username}', {
        get: {
          operationId: 'legacy:GetUser',
          parameters: [param('username')],
          responses: {
            '200': response('Profile', publicProfile),
            '301': redirect(),
            '404': response('Not found', errorBody()),
          },
        },
      });
      addPath(spec, '/v2/user', {
        get: {
          operationId: 'legacy:GetCurrentUser',
          responses: {
            '200': response('Own profile', own),
            '301': redirect(),
            '401': response('Unauthorized', errorBody()),
            '403': response('Token type refused', errorBody()),
          },
        },
      });
      addPath(spec, '/v2/orgs/{name}', {
        get: {
          operationId: 'legacy:GetOrg',
          parameters: [param('name')],
          responses: { '200': response('Organization', org), '404': response('Not found', errorBody()) },
        },
      });
    },
  },
];

/** Apply every deviation to a parsed spec (in place) and return it. */
export function applyDeviations(spec: JsonObject): JsonObject {
  for (const deviation of DEVIATIONS) {
    try {
      deviation.apply(spec);
    } catch (err) {
      throw new Error(
        `deviation ${deviation.id} no longer applies: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return spec;
}
