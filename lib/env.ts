// The only reader of process.env. Validated with zod at boot (instrumentation.ts
// and scripts/start.ts); a missing or malformed value stops start-up with a
// message that names the variable and says how to fix it.
import { z } from 'zod';

const KEY_HINT =
  "generate one with: node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string({ error: 'is not set; `npm start` sets it when it starts the embedded Postgres' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL'),
  HUBKEEPER_ENCRYPTION_KEYS: z
    .string({ error: `is not set; ${KEY_HINT}` })
    .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+)*$/, `must be a comma-separated list of id:base64key; ${KEY_HINT}`),
  NEXTAUTH_SECRET: z
    .string({ error: "is not set; generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"" })
    .min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.url('must be the absolute URL people use to reach Hubkeeper').optional(),
  HUBKEEPER_ADMIN_EMAIL: z.email('must be an email address').optional(),
  HUBKEEPER_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DOCKERHUB_API_URL: z.url('must be an absolute URL such as https://hub.docker.com').default('https://hub.docker.com'),
  HUBKEEPER_HUB_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  HUBKEEPER_HUB_READ_CONCURRENCY: positiveInt(8),
  HUBKEEPER_HUB_WRITE_CONCURRENCY: positiveInt(2),
  HUBKEEPER_HUB_TIMEOUT_MS: positiveInt(15_000),
  HUBKEEPER_DELETION_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  HUBKEEPER_DELETION_SWEEP_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  HUBKEEPER_DELETION_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
  HUBKEEPER_DELETION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  HUBKEEPER_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  HUBKEEPER_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  HUBKEEPER_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Run background workers in this web process (default on; off for a web-only process beside `npm run worker`). */
  HUBKEEPER_WORKERS: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** Thrown when the environment is invalid; the message lists every problem with its fix. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hubkeeper cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses and validates an environment (process.env by default). */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset", as they do for most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, parsed once per process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** True while `next build` runs, when runtime configuration is not available yet. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === 'phase-production-build';
}
