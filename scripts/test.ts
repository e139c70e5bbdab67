// `npm test`: lint, typecheck, unit tests, integration tests on real Postgres,
// a production build, and Playwright end-to-end tests against it. Every stage
// runs even if an earlier one failed, then one summary line is printed:
// "<passed> passed, <failed> failed" (tests counted across Vitest and Playwright).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'tmp', 'test-results');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

interface Stage {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
  /** Reads passed/failed counts from the stage's JSON report. */
  counts?: () => { passed: number; failed: number };
  /** Stages that need the previous stage to have passed. */
  needs?: string;
}

const vitestCounts = (file: string) => () => {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests };
};

const stages: Stage[] = [
  { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings=0'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  {
    name: 'unit',
    cmd: ['npx', 'vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile=${out}/unit.json`],
    counts: vitestCounts(`${out}/unit.json`),
  },
  {
    name: 'integration',
    cmd: ['npx', 'vitest', 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile=${out}/integration.json`],
    counts: vitestCounts(`${out}/integration.json`),
  },
  { name: 'build', cmd: ['npx', 'next', 'build'] },
  {
    name: 'e2e',
    needs: 'build',
    cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json` },
    counts: () => {
      const report = JSON.parse(fs.readFileSync(`${out}/e2e.json`, 'utf8')) as {
        stats: { expected: number; unexpected: number; flaky: number };
      };
      return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
    },
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const results: string[] = [];
const ok = new Set<string>();
for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  if (stage.needs && !ok.has(stage.needs) && (only.length === 0 || only.includes(stage.needs))) {
    results.push(`${stage.name}: skipped (${stage.needs} failed)`);
    failed += 1;
    continue;
  }
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const t0 = Date.now();
  const run = spawnSync(stage.cmd[0] ?? 'npx', stage.cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  let counted = '';
  if (stage.counts) {
    try {
      const c = stage.counts();
      passed += c.passed;
      failed += c.failed;
      // A runner that crashed (e.g. a file failed to load) may report no failed test: still a failure.
      if (run.status !== 0 && c.failed === 0) failed += 1;
      counted = ` (${c.passed} passed, ${c.failed} failed)`;
    } catch {
      counted = ' (no report)';
      if (run.status === 0) failed += 1;
    }
  }
  if (run.status === 0) ok.add(stage.name);
  else if (!stage.counts) failed += 1; // a failed lint/typecheck/build counts as one failure
  results.push(`${stage.name}: ${run.status === 0 ? 'ok' : `FAILED (exit ${run.status})`}${counted} in ${seconds} s`);
}

console.log('\n=== summary');
for (const line of results) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.some((r) => !r.includes(': ok')) ? 1 : 0);
