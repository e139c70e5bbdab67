import 'server-only';
import pino from 'pino';
import { env } from '@/lib/env';

// Any field with one of these names is replaced wherever it appears (two levels deep),
// so a PAT, JWT or password handed to the logger by mistake never reaches a log line.
const SECRET_KEYS = ['authorization', 'password', 'token', 'pat', 'secret', 'accessToken', 'access_token', 'cookie', 'encryptedSecret', 'passwordHash'];
const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Structured JSON logger for server code; secrets are redacted by field name. */
export const logger = pino({
  level: env().LOG_LEVEL,
  redact: { paths: redactPaths, censor: '[redacted]' },
  base: { app: 'hubkeeper' },
});
