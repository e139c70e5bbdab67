import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, LARGE_FIXTURE, startHubEmulator } from './index';

// npm run hub:emulator -- --port 4010 --fixture default|large|<file.json> [--latency 40] [--rate-limit N]

const USAGE = `Usage: npm run hub:emulator -- [--port 4010] [--host 127.0.0.1] [--fixture default|large|<file.json>]
                               [--latency <ms>] [--rate-limit <requests per minute>] [--token-ttl <seconds>]`;

function positiveInt(name: string, raw: string | undefined, fallback: number | undefined): number | undefined {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      fixture: { type: 'string', default: 'default' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      'token-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startHubEmulator({
    port: positiveInt('port', values.port, 4010),
    host: values.host,
    fixture: values.fixture,
    latencyMs: positiveInt('latency', values.latency, undefined),
    rateLimitPerMinute: positiveInt('rate-limit', values['rate-limit'], undefined),
    tokenTtlSeconds: positiveInt('token-ttl', values['token-ttl'], undefined),
  });
  const c = DEFAULT_CREDENTIALS;
  // These are the emulator's own fake credentials; they are useless against the real Docker Hub.
  console.log(`Docker Hub emulator listening on ${emulator.url}  (fixture: ${values.fixture})
  admin API: ${emulator.url}/__emulator/{log,faults,clock,reset,health}

Demo credentials (fixture default/large):
  user ${c.user}  password ${c.password}
  PAT repo:admin        ${c.pats.admin}
  PAT repo:write        ${c.pats.write}
  PAT repo:read         ${c.pats.read}
  PAT repo:public_read  ${c.pats.publicRead}
  org ${c.org}  OAT ${c.oat}  (no repo list: ${c.oatNoRepoList})
  member ${c.member.user} / ${c.member.password}  PAT ${c.member.pats.admin}${
    values.fixture === 'large'
      ? `\n  org ${LARGE_FIXTURE.org} (${LARGE_FIXTURE.repositoryCount} repos, ${LARGE_FIXTURE.org}/${LARGE_FIXTURE.monorepo} with ${LARGE_FIXTURE.monorepoTagCount} tags)  OAT ${LARGE_FIXTURE.oat}`
      : ''
  }`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
