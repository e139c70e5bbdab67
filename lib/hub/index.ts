// Public surface of the server-only Docker Hub client.
export {
  createHubClient,
  DEFAULT_HUB_BASE_URL,
  DEFAULT_READ_CONCURRENCY,
  DEFAULT_WRITE_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
} from './client';
export type {
  AuditLogFilters,
  DescriptionUpdate,
  HubClient,
  HubClientOptions,
  HubLogger,
  ListAllRepositoriesOptions,
  ListRepositoriesPageOptions,
  RawRequest,
  TokenStore,
} from './client';
export { HubError, isHubError, type HubErrorCode } from './errors';
export { clearTokenCache } from './token-manager';
export type * from './types';
