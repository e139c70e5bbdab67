// argon2id parameters, in a module without `server-only` so the e2e seeder (plain Node)
// hashes exactly like the app does.
import type { Algorithm, Options } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum (not importable as a value under isolatedModules); 2 = Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP's recommended minimum for argon2id: 19 MiB, 2 passes, 1 lane (~25-50 ms per hash). */
export const ARGON2_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};
