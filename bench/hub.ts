// Benchmark: listing everything with the Hubkeeper Hub client (page 1 for the count, then the rest of
// the pages concurrently within the read cap) versus the hub-tool way (follow `next` page by page,
// page_size=100, plain fetch), side by side against the emulator with the large fixture and 40 ms
// latency per request.
//
// The emulator runs in its own process (bench/lib/emulator-process.ts): in-process, its JSON work for
// 10,000 tags would share one event loop with the client and measure our CPU contention, not paging.
//
// Run: npm run bench:hub   (tsx --conditions=react-server bench/hub.ts)
// `--conditions=react-server` makes `import 'server-only'` in lib/hub resolve to its empty module, as it
// does inside Next's server bundle; plain Node would resolve the throwing default export.
import { randomUUID } from 'node:crypto';

import { DEFAULT_CREDENTIALS, LARGE_FIXTURE, type RequestLogEntry } from '@/emulator';
import { createHubClient, DEFAULT_READ_CONCURRENCY } from '@/lib/hub';

import { startEmulatorProcess, type EmulatorProcess } from './lib/emulator-process';

const LATENCY_MS = 40;
const RUNS = 3;
const identifier = DEFAULT_CREDENTIALS.user;
const secret = DEFAULT_CREDENTIALS.pats.admin;

interface Outcome {
  names: string[];
  ms: number;
  requests: number;
  exchanges: number;
  lists: number;
}

interface Case {
  key: string;
  label: string;
  firstUrl: (base: string) => string;
  ours: (client: ReturnType<typeof createHubClient>) => Promise<string[]>;
}

function counts(log: RequestLogEntry[]): Pick<Outcome, 'requests' | 'exchanges' | 'lists'> {
  const exchanges = log.filter(
    (e) => e.path.startsWith('/v2/auth/token') || e.path.startsWith('/v2/users/login'),
  ).length;
  return { requests: log.length, exchanges, lists: log.length - exchanges };
}

/** hub-tool's strategy: exchange, then GET page_size=100 and follow `next` until it is null. */
async function baseline(emu: EmulatorProcess, c: Case): Promise<Outcome> {
  await emu.clearLog();
  const started = performance.now();
  const tokenRes = await fetch(`${emu.url}/v2/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ identifier, secret }),
  });
  if (!tokenRes.ok) throw new Error(`baseline exchange failed: ${tokenRes.status}`);
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const names: string[] = [];
  let url: string | null = c.firstUrl(emu.url);
  while (url !== null) {
    const res: Response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`baseline page failed: ${res.status}`);
    const page = (await res.json()) as { next: string | null; results: Array<{ name: string }> };
    for (const item of page.results) names.push(item.name);
    url = page.next;
  }
  const ms = performance.now() - started;
  return { names, ms, ...counts(await emu.log()) };
}

async function ours(emu: EmulatorProcess, c: Case): Promise<Outcome> {
  await emu.clearLog();
  const started = performance.now();
  // Fresh cache key: the measured run includes its own token exchange, like the baseline.
  const client = createHubClient({ baseUrl: emu.url, identifier, secret, cacheKey: `bench-${randomUUID()}` });
  const names = await c.ours(client);
  const ms = performance.now() - started;
  return { names, ms, ...counts(await emu.log()) };
}

function median(runs: Outcome[]): Outcome {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error('no runs');
  return mid;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

async function main(): Promise<void> {
  const { org, monorepo } = LARGE_FIXTURE;
  const cases: Case[] = [
    {
      key: 'tags_10k',
      label: `${org}/${monorepo} tags`,
      firstUrl: (base) => `${base}/v2/namespaces/${org}/repositories/${monorepo}/tags?page=1&page_size=100`,
      ours: async (client) => (await client.listAllTags(org, monorepo)).map((t) => t.name),
    },
    {
      key: 'repos_1200',
      label: `${org} repositories`,
      firstUrl: (base) => `${base}/v2/namespaces/${org}/repositories?page=1&page_size=100&ordering=name`,
      ours: async (client) => (await client.listAllRepositories(org, { ordering: 'name' })).map((r) => r.name),
    },
  ];

  const emu = await startEmulatorProcess({ fixture: 'large', latencyMs: LATENCY_MS });
  const speedups: Record<string, number> = {};
  try {
    console.log(
      `hub bench: emulator (own process) fixture=large latency=${LATENCY_MS}ms, client read cap=${DEFAULT_READ_CONCURRENCY}`,
    );
    for (const c of cases) {
      // Warm-up (not measured): the emulator generates the monorepo's tags lazily on first use, and
      // both code paths get JIT-compiled once.
      await baseline(emu, c);
      await ours(emu, c);

      // Median of RUNS alternating runs: other work on a small machine adds noise to single runs.
      const bases: Outcome[] = [];
      const mines: Outcome[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        bases.push(await baseline(emu, c));
        mines.push(await ours(emu, c));
      }
      const base = median(bases);
      const mine = median(mines);
      const expectedLists = Math.ceil(base.names.length / 100);
      const speedup = base.ms / mine.ms;
      speedups[c.key] = speedup;
      console.log(
        `\ncase ${c.key}: ${c.label}, ${base.names.length} items (expect ${expectedLists} list requests + 1 exchange); median of ${RUNS} runs`,
      );
      console.log(
        `  baseline follow-next : ${String(base.requests).padStart(4)} requests (${base.exchanges} exchange + ${base.lists} list) ${base.ms.toFixed(0).padStart(6)} ms`,
      );
      console.log(
        `  hubkeeper client     : ${String(mine.requests).padStart(4)} requests (${mine.exchanges} exchange + ${mine.lists} list) ${mine.ms.toFixed(0).padStart(6)} ms`,
      );
      console.log(
        `  all runs: baseline ${bases.map((r) => r.ms.toFixed(0)).join('/')} ms, client ${mines.map((r) => r.ms.toFixed(0)).join('/')} ms`,
      );
      console.log(`  same items, same order: ${mines.every((m) => sameList(base.names, m.names)) ? 'yes' : 'NO'}`);
      console.log(
        `  exact request count: ${mines.every((m) => m.lists === expectedLists && m.exchanges === 1) ? 'yes' : 'NO'}`,
      );
      console.log(`  speedup ${speedup.toFixed(2)}x`);
    }
  } finally {
    await emu.close();
  }
  console.log('');
  console.log(`speedup_repos_1200=${(speedups.repos_1200 ?? 0).toFixed(2)}`);
  console.log(`speedup_tags_10k=${(speedups.tags_10k ?? 0).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
