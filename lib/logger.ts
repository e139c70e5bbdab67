import 'server-only';
import pino, { type Logger } from 'pino';
import { env } from '@/lib/env';

// Any field with one of these names is replaced wherever it appears (two levels deep),
// so a PAT, JWT or password handed to the logger by mistake never reaches a log line.
const SECRET_KEYS = ['authorization', 'password', 'token', 'pat', 'secret', 'accessToken', 'access_token', 'cookie', 'encryptedSecret', 'passwordHash'];
const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

let instance: Logger | undefined;

function getLogger(): Logger {
  instance ??= pino({
    level: env().LOG_LEVEL,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { app: 'hubkeeper' },
  });
  return instance;
}

/** Structured JSON logger for server code; secrets are redacted by field name. Created on first use, so `next build` needs no configuration. */
export const logger: Logger = new Proxy({} as Logger, {
  get(_target, prop) {
    const target = getLogger();
    const value = Reflect.get(target, prop, target) as unknown;
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
