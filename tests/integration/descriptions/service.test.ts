// Description editing against real Postgres and the Hub emulator over HTTP: single edits with
// history and audit, bulk preview/apply through the job engine, changed-since-preview skips,
// undo, retry, 429 waits, a lost answer that must not be written twice, and capability refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoInstance, createPerson, DEFAULT_CREDENTIALS, hubDescriptions, NS, seedRepos, startHub, type Person } from './helpers';

const hub = await startHub();
const { db } = await import('@/lib/db');
const svc = await import('@/lib/services/descriptions');
const { stopBoss } = await import('@/lib/jobs/boss');
const { bulkPreviewSchema } = await import('@/lib/validations/descriptions');

let admin: Person;
let viewer: Person;
let instanceId: string;

beforeAll(async () => {
  admin = await createPerson('ADMIN');
  viewer = await createPerson('VIEWER');
  instanceId = await createDemoInstance(admin, 'demo');
});

afterAll(async () => {
  await stopBoss();
  await hub.close();
});

const keep = { kind: 'keep' } as const;

async function runToEnd(jobId: string) {
  for (let i = 0; i < 20; i += 1) {
    const result = await svc.runBulkJob(jobId, { budgetMs: 120_000 });
    if (result !== 'continue') return result;
  }
  throw new Error('job did not finish');
}

function previewInput(names: string[], description: unknown, fullDescription: unknown = keep) {
  return bulkPreviewSchema.parse({ instanceId, selection: { mode: 'list', repositories: names.map((n) => `${NS}/${n}`) }, description, fullDescription });
}

describe('single edit', () => {
  it('writes both fields through PATCH …/ with a trailing slash, and records history and audit in one go', async () => {
    const [name] = seedRepos(hub, 'single', 1);
    if (!name) throw new Error('seed');
    const auditBefore = await db.auditEvent.count({ where: { action: 'description.updated' } });
    const result = await svc.updateRepositoryDescription(admin, {
      instanceId,
      namespace: NS,
      repository: name,
      description: 'Fresh short text',
      fullDescription: '# Title\n\nNew README',
      expected: { description: 'single 1 (old)', fullDescription: '' },
    });
    expect(result.changed).toEqual(['description', 'fullDescription']);
    expect(hubDescriptions(hub, name)).toEqual({ description: 'Fresh short text', fullDescription: '# Title\n\nNew README' });
    expect(hub.log.some((e) => e.method === 'PATCH' && e.path === `/v2/repositories/${NS}/${name}/`)).toBe(true);

    const history = await svc.listDescriptionHistory(viewer, instanceId, NS, name);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actorEmail: admin.email, fields: ['description', 'fullDescription'], bulkJobId: null });
    expect(history[0]?.description).toMatchObject({ before: 'single 1 (old)', after: 'Fresh short text' });
    expect(await db.auditEvent.count({ where: { action: 'description.updated' } })).toBe(auditBefore + 1);
  });

  it('refuses to overwrite a value that changed on Hub after the editor opened', async () => {
    const [name] = seedRepos(hub, 'conflict', 1);
    if (!name) throw new Error('seed');
    await expect(
      svc.updateRepositoryDescription(admin, { instanceId, namespace: NS, repository: name, description: 'mine', expected: { description: 'something else', fullDescription: '' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(hubDescriptions(hub, name).description).toBe('conflict 1 (old)');
    expect(hub.log.filter((e) => e.method === 'PATCH')).toHaveLength(0);
  });

  it('refuses a viewer before anything reaches Hub', async () => {
    hub.clearLog();
    await expect(svc.updateRepositoryDescription(viewer, { instanceId, namespace: NS, repository: 'x', description: 'y' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(svc.previewBulkDescriptions(viewer, previewInput(['x'], { kind: 'set', value: 'v' }))).rejects.toMatchObject({ code: 'forbidden' });
    expect(hub.log).toHaveLength(0);
  });
});

describe('bulk edit', () => {
  it('previews, applies and records every repository; over-long and unchanged rows are flagged', async () => {
    const names = seedRepos(hub, 'bulk', 6);
    // One repository already reads "legacy": find & replace leaves it unchanged.
    const unchangedRepo = hub.state.getRepo(NS, 'bulk-02');
    if (!unchangedRepo) throw new Error('seed');
    hub.state.updateDescriptions(unchangedRepo, { description: 'bulk 2 legacy' }, NS);
    const longRepo = hub.state.getRepo(NS, 'bulk-03');
    if (!longRepo) throw new Error('seed');
    hub.state.updateDescriptions(longRepo, { description: `${'x'.repeat(93)} (old)` }, NS);

    const preview = await svc.previewBulkDescriptions(admin, previewInput(names, { kind: 'replace', find: '\\((old)\\)', replace: '[$1 → legacy]', regex: true, caseSensitive: true }));
    expect(preview.summary).toEqual({ total: 6, change: 4, unchanged: 1, invalid: 1 });
    const byName = new Map(preview.rows.map((r) => [r.name, r]));
    expect(byName.get('bulk-01')?.description).toMatchObject({ before: 'bulk 1 (old)', after: 'bulk 1 [old → legacy]', changed: true });
    expect(byName.get('bulk-02')?.outcome).toBe('unchanged');
    expect(byName.get('bulk-03')?.problems[0]?.message).toMatch(/Docker Hub allows at most 100/);
    expect(hub.log.filter((e) => e.method === 'PATCH')).toHaveLength(0);

    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });
    expect(await runToEnd(jobId)).toBe('finished');
    const job = await svc.getBulkJob(viewer, { instanceId, jobId });
    expect(job.status).toBe('finished');
    expect(job.counts).toMatchObject({ total: 5, done: 5, updated: 4, unchanged: 1, failed: 0, skipped: 0, excluded: 1 });
    expect(hubDescriptions(hub, 'bulk-01').description).toBe('bulk 1 [old → legacy]');
    expect(hubDescriptions(hub, 'bulk-03').description).toBe(`${'x'.repeat(93)} (old)`);
    expect(await db.descriptionChange.count({ where: { bulkJobId: jobId } })).toBe(4);
    expect(await db.auditEvent.count({ where: { action: 'description.updated', details: { path: ['bulkJobId'], equals: jobId } } })).toBe(4);
    expect(job.canUndo).toBe(false); // a viewer sees the job but may not act on it
    expect((await svc.getBulkJob(admin, { instanceId, jobId })).canUndo).toBe(true);
  });

  it('skips a repository edited between preview and apply, and undo restores the rest (skipping one edited after)', async () => {
    const names = seedRepos(hub, 'undo', 4, true);
    const preview = await svc.previewBulkDescriptions(
      admin,
      previewInput(names, { kind: 'template', template: '{{namespace}}/{{name}}: {{description}}' }, { kind: 'append', text: '\nMaintained by platform.' }),
    );
    expect(preview.rows[0]?.fullDescription?.changed).toBe(true);
    const edited = hub.state.getRepo(NS, 'undo-02');
    if (!edited) throw new Error('seed');
    hub.state.updateDescriptions(edited, { description: 'someone else was here' }, NS);

    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });
    expect(await runToEnd(jobId)).toBe('finished');
    const job = await svc.getBulkJob(admin, { instanceId, jobId });
    const status = new Map(job.items.map((i) => [i.repository, i]));
    expect(status.get('undo-02')).toMatchObject({ status: 'skipped_changed' });
    expect(status.get('undo-02')?.error).toMatch(/Changed since preview/);
    expect(hubDescriptions(hub, 'undo-02').description).toBe('someone else was here');
    expect(hubDescriptions(hub, 'undo-01')).toEqual({ description: `${NS}/undo-01: undo 1 (old)`, fullDescription: '# undo-01\n\nStatus: old\n\nMaintained by platform.' });

    // Edited after the job: undo must not overwrite it.
    const later = hub.state.getRepo(NS, 'undo-04');
    if (!later) throw new Error('seed');
    hub.state.updateDescriptions(later, { description: 'hand edit after the job' }, NS);

    const undo = await svc.undoBulkJob(admin, { instanceId, jobId });
    expect(await runToEnd(undo.jobId)).toBe('finished');
    const undone = await svc.getBulkJob(admin, { instanceId, jobId: undo.jobId });
    expect(undone.counts).toMatchObject({ updated: 2, skipped: 1 });
    expect(hubDescriptions(hub, 'undo-01')).toEqual({ description: 'undo 1 (old)', fullDescription: '# undo-01\n\nStatus: old\n' });
    expect(hubDescriptions(hub, 'undo-03').description).toBe('undo 3 (old)');
    expect(hubDescriptions(hub, 'undo-04').description).toBe('hand edit after the job');
    await expect(svc.undoBulkJob(admin, { instanceId, jobId })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('records a permanent failure on one repository, continues, and retries it on request', async () => {
    const names = seedRepos(hub, 'retry', 3);
    const preview = await svc.previewBulkDescriptions(admin, previewInput(names, { kind: 'prepend', text: '[x] ' }));
    hub.setFaults([{ method: 'PATCH', path: `/v2/repositories/${NS}/retry-02/`, failNext: 1, status: 404 }]);
    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });
    expect(await runToEnd(jobId)).toBe('finished');
    let job = await svc.getBulkJob(admin, { instanceId, jobId });
    expect(job.counts).toMatchObject({ updated: 2, failed: 1 });
    expect(job.items.find((i) => i.repository === 'retry-02')?.error).toMatch(/could not find/);
    expect(job.canRetryFailed).toBe(true);

    await svc.retryFailedBulkJob(admin, { instanceId, jobId });
    expect(await runToEnd(jobId)).toBe('finished');
    job = await svc.getBulkJob(admin, { instanceId, jobId });
    expect(job.counts).toMatchObject({ updated: 3, failed: 0 });
    expect(hubDescriptions(hub, 'retry-02').description).toBe('[x] retry 2 (old)');
  });

  it('waits out 429s and does not write twice when an answer is lost after Hub applied it', async () => {
    const names = seedRepos(hub, 'flaky', 4);
    const preview = await svc.previewBulkDescriptions(admin, previewInput(names, { kind: 'append', text: ' ✓' }));
    hub.setFaults([
      { method: 'GET', path: `/v2/namespaces/${NS}/repositories/flaky-01`, rateLimitBurst: 2, retryAfterSeconds: 1 },
      { method: 'PATCH', path: `/v2/repositories/${NS}/flaky-03/`, failNext: 1, reset: true, afterHandler: true },
    ]);
    hub.clearLog();
    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });
    expect(await runToEnd(jobId)).toBe('finished');
    const job = await svc.getBulkJob(admin, { instanceId, jobId });
    expect(job.counts).toMatchObject({ updated: 4, failed: 0 });
    expect(hub.log.filter((e) => e.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(hub.log.filter((e) => e.method === 'PATCH' && e.path.includes('flaky-03'))).toHaveLength(1);
    expect(hubDescriptions(hub, 'flaky-03').description).toBe('flaky 3 (old) ✓');
    expect(await db.descriptionChange.count({ where: { bulkJobId: jobId, repository: 'flaky-03' } })).toBe(1);
  });

  it('stops on a token-wide refusal and shows Hub’s message with the token that would work', async () => {
    const writeOnly = await createDemoInstance(admin, 'write-pat', DEFAULT_CREDENTIALS.pats.write);
    // The editors are disabled up front, with the reason…
    await expect(
      svc.previewBulkDescriptions(admin, bulkPreviewSchema.parse({ instanceId: writeOnly, selection: { mode: 'filter', namespace: NS, pattern: '' }, description: { kind: 'set', value: 'x' }, fullDescription: keep })),
    ).rejects.toMatchObject({ code: 'forbidden_capability', message: expect.stringMatching(/Read, Write & Delete/) });
    // …and if the stored capabilities are stale, Hub's refusal stops the job with the client's message.
    const row = await db.instance.findUniqueOrThrow({ where: { id: writeOnly }, select: { capabilities: true } });
    await db.instance.update({ where: { id: writeOnly }, data: { capabilities: { ...(row.capabilities as object), writeDescriptions: true } } });
    const names = seedRepos(hub, 'scope', 3);
    const preview = await svc.previewBulkDescriptions(
      admin,
      bulkPreviewSchema.parse({ instanceId: writeOnly, selection: { mode: 'list', repositories: names.map((n) => `${NS}/${n}`) }, description: { kind: 'set', value: 'x' }, fullDescription: keep }),
    );
    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId: writeOnly, draftId: preview.draftId });
    expect(await runToEnd(jobId)).toBe('failed');
    const job = await svc.getBulkJob(admin, { instanceId: writeOnly, jobId });
    expect(job.error).toMatch(/Read, Write & Delete/);
    // The repositories in hand when Hub refused fail (two run side by side); the rest wait for a retry.
    expect(job.counts.failed).toBeGreaterThanOrEqual(1);
    expect(job.counts.failed + (job.counts.total - job.counts.done)).toBe(3);
    expect(job.items.some((i) => i.status === 'failed' && i.error === job.error)).toBe(true);
    expect(job.canRetryFailed).toBe(true);
    await expect(
      svc.updateRepositoryDescription(admin, { instanceId: writeOnly, namespace: NS, repository: 'scope-01', description: 'y' }),
    ).rejects.toMatchObject({ code: 'hub_insufficient_scope', message: expect.stringMatching(/Read, Write & Delete/) });
  });

  it('cancels a queued job without touching Hub', async () => {
    const names = seedRepos(hub, 'cancel', 3);
    const preview = await svc.previewBulkDescriptions(admin, previewInput(names, { kind: 'set', value: 'gone' }));
    const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });
    const job = await svc.cancelBulkJob(admin, { instanceId, jobId });
    expect(job.status).toBe('cancelled');
    expect(job.counts.cancelled).toBe(3);
    expect(await svc.runBulkJob(jobId)).toBe('gone');
    expect(hub.log.filter((e) => e.method === 'PATCH')).toHaveLength(0);
  });
});

describe('input validation', () => {
  it('gives field messages for bad input before anything is sent', () => {
    const base = { instanceId: 'i', selection: { mode: 'filter', namespace: NS, pattern: '' }, description: keep, fullDescription: keep };
    const issues = (input: unknown) => {
      const r = bulkPreviewSchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ ...base, description: { kind: 'replace', find: '(', replace: '', regex: true, caseSensitive: true } })).toEqual([
      expect.stringMatching(/^description: Invalid regular expression/),
    ]);
    expect(issues({ ...base, description: { kind: 'template', template: '{{nope}}' } })).toEqual([expect.stringMatching(/^description: Unknown placeholder \{\{nope\}\}/)]);
    expect(issues({ ...base, selection: { mode: 'list', repositories: [] }, description: { kind: 'set', value: 'x' } })).toEqual([
      expect.stringMatching(/^selection: Choose at least one repository/),
    ]);
    expect(issues(base)).toEqual([expect.stringMatching(/^changes: Choose a change/)]);
  });
});
