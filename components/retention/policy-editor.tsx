'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, useTransition } from 'react';
import {
  deleteRetentionPolicyAction,
  runRetentionPolicyAction,
  saveRetentionPolicyAction,
  testRetentionPolicyAction,
} from '@/app/actions/retention';
import { useNow } from '@/components/repositories/use-now';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { Input, Select, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';
import { useToast } from '@/components/ui/toast';
import {
  checkCron,
  checkPolicySpec,
  formatInZone,
  type PolicyFieldError,
  type RetentionInstanceDTO,
  type RetentionPolicyDTO,
  type RetentionPolicySpec,
} from '@/lib/retention';
import { FieldProblem } from './field-problem';
import {
  errorsByInput,
  formToSpec,
  newPolicyForm,
  specToForm,
  type PatternListKey,
  type PolicyForm,
  type ShownError,
} from './form-model';
import { timeZones, useDebounced, useMounted } from './hooks';
import { actionMessage, retentionKeys, retentionUrls } from './queries';
import { RunHistory } from './run-history';
import { TesterPanel } from './tester-panel';

/** Fields whose errors do not stop the tester (it can still evaluate the rules). */
function blocksTester(e: PolicyFieldError): boolean {
  return !e.field.startsWith('schedule.') && e.field !== 'name' && e.field !== 'safetyMaxDeletePercent';
}

/** What the tester sends: a spec that passes the action's shape checks even while fields are incomplete. */
function testableSpec(spec: RetentionPolicySpec): RetentionPolicySpec {
  return {
    ...spec,
    name: spec.name.slice(0, 100),
    safetyMaxDeletePercent: Number.isInteger(spec.safetyMaxDeletePercent) ? spec.safetyMaxDeletePercent : 50,
    schedule: { cron: null, timezone: 'UTC' },
  };
}

function PatternField({
  id,
  label,
  hint,
  value,
  onChange,
  errors,
  placeholder,
}: {
  id: PatternListKey;
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  errors: ShownError[] | undefined;
  placeholder?: string;
}) {
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div className="space-y-1.5">
      <Label htmlFor={`policy-${id}`}>{label}</Label>
      <Textarea
        id={`policy-${id}`}
        name={id}
        rows={2}
        className="min-h-16 font-mono"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={`policy-${id}-hint${invalid ? ` policy-${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`policy-${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
        {hint}
      </p>
      <FieldProblem id={`policy-${id}-error`} errors={errors} />
    </div>
  );
}

function NumberField({
  id,
  label,
  hint,
  value,
  onChange,
  errors,
  suffix,
}: {
  id: keyof PolicyForm;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  errors: ShownError[] | undefined;
  suffix?: string;
}) {
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div className="space-y-1.5">
      <Label htmlFor={`policy-${id}`}>{label}</Label>
      <div className="flex items-center gap-2">
        <div className="w-24 shrink-0">
          <Input
            id={`policy-${id}`}
            name={id}
            inputMode="numeric"
            value={value}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `policy-${id}-error` : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
        {suffix ? <span className="text-sm text-zinc-600 dark:text-zinc-400">{suffix}</span> : null}
      </div>
      {hint ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
      <FieldProblem id={`policy-${id}-error`} errors={errors} />
    </div>
  );
}

function SchedulePreview({ form, now }: { form: PolicyForm; now: number }) {
  const check = checkCron(form.cron, form.timezone, now);
  if (!check.ok) return null;
  return (
    <div
      className="rounded-md bg-zinc-50 px-3 py-2 text-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
      data-testid="cron-preview"
    >
      <p className="font-medium" data-testid="cron-description">
        {check.description}
      </p>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Next runs ({check.timezone}):</p>
      <ol className="mt-0.5 list-decimal pl-5 font-mono text-xs" data-testid="cron-next">
        {check.next.map((t) => (
          <li key={t}>{formatInZone(t, check.timezone)}</li>
        ))}
      </ol>
    </div>
  );
}

function DeletePolicyDialog({
  instanceId,
  policy,
  open,
  onClose,
}: {
  instanceId: string;
  policy: RetentionPolicyDTO;
  open: boolean;
  onClose: () => void;
}) {
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const toast = useToast();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Delete this policy?"
      description="Its schedule stops and its run history goes with it. Deletion requests it created stay."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="danger"
            loading={pending}
            onClick={() =>
              startTransition(async () => {
                const r = await deleteRetentionPolicyAction({ instanceId, policyId: policy.id, confirmName: confirm });
                if (!r?.data) {
                  setError(actionMessage(r));
                  return;
                }
                toast({ title: `Policy "${r.data.name}" deleted`, variant: 'success' });
                router.push(retentionUrls.page(instanceId));
                router.refresh();
              })
            }
          >
            Delete policy
          </Button>
        </>
      }
    >
      <div className="space-y-1.5">
        <Label htmlFor="confirm-policy-name">
          Type <span className="font-mono">{policy.spec.name}</span> to confirm
        </Label>
        <Input
          id="confirm-policy-name"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
      </div>
    </Dialog>
  );
}

/**
 * Create or edit a policy, with the live tester beside it: every change is checked in place
 * (patterns and cron point at the character), then evaluated against the real tags once typing
 * pauses. Existing policies also get "Run now" and their run history.
 */
export function PolicyEditor({ instance, policy }: { instance: RetentionInstanceDTO; policy?: RetentionPolicyDTO }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const mounted = useMounted();
  const now = useNow(60_000);
  const initial = useMemo(
    () => (policy ? specToForm(policy.spec) : newPolicyForm(instance.namespaces[0] ?? '')),
    [policy, instance.namespaces],
  );
  const [form, setForm] = useState<PolicyForm>(initial);
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<PolicyFieldError[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [repository, setRepository] = useState('');
  const [saving, startSaving] = useTransition();
  const [running, startRunning] = useTransition();
  const [deleteOpen, setDeleteOpen] = useState(false);

  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setServerErrors([]);
  };

  const spec = useMemo(() => formToSpec(form), [form]);
  const check = useMemo(() => checkPolicySpec(spec, now), [spec, now]);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const visibleErrors = [
    ...check.errors,
    ...serverErrors.filter((s) => !check.errors.some((c) => c.field === s.field)),
  ].filter((e) => showAll || (e.field !== 'name' && e.field !== 'scope.namespace'));
  const shown = errorsByInput(form, visibleErrors);

  const testBody = useMemo(() => JSON.stringify({ spec: testableSpec(spec), repository }), [spec, repository]);
  const debouncedBody = useDebounced(testBody, 450);
  const evaluable = !check.errors.some(blocksTester);
  const tester = useQuery({
    queryKey: retentionKeys.test(instance.id, policy?.id, debouncedBody),
    queryFn: async () => {
      const body = JSON.parse(debouncedBody) as { spec: RetentionPolicySpec; repository: string };
      const r = await testRetentionPolicyAction({
        instanceId: instance.id,
        ...(policy ? { policyId: policy.id } : {}),
        spec: body.spec,
        ...(body.repository ? { repository: body.repository } : {}),
      });
      if (!r?.data) throw new Error(actionMessage(r, 'The tester could not evaluate this policy.'));
      return r.data;
    },
    enabled: evaluable && form.namespace !== '',
    placeholderData: keepPreviousData,
    staleTime: 15_000,
    retry: false,
  });
  const testing = tester.isFetching || testBody !== debouncedBody;

  const save = () => {
    setShowAll(true);
    if (check.errors.length > 0) {
      toast({ title: 'Nothing was saved', description: 'Fix the highlighted fields first.', variant: 'error' });
      return;
    }
    startSaving(async () => {
      const r = await saveRetentionPolicyAction({
        instanceId: instance.id,
        ...(policy ? { policyId: policy.id } : {}),
        spec,
      });
      if (!r?.data) {
        toast({ title: 'Nothing was saved', description: actionMessage(r), variant: 'error' });
        return;
      }
      setWarnings(r.data.warnings);
      if (!r.data.ok) {
        setServerErrors(r.data.errors);
        toast({
          title: 'Nothing was saved',
          description: r.data.errors[0]?.message ?? 'Fix the highlighted fields.',
          variant: 'error',
        });
        return;
      }
      toast({ title: policy ? 'Policy saved' : 'Policy created', variant: 'success' });
      if (policy) router.refresh();
      else router.push(retentionUrls.policy(instance.id, r.data.policy.id));
    });
  };

  const runNow = () =>
    startRunning(async () => {
      if (!policy) return;
      const r = await runRetentionPolicyAction({ instanceId: instance.id, policyId: policy.id });
      if (!r?.data) {
        toast({ title: 'The run did not start', description: actionMessage(r), variant: 'error' });
        return;
      }
      toast({
        title: 'Run started',
        description: 'It evaluates fresh Docker Hub data; the result appears in the run history.',
        variant: 'info',
      });
      await queryClient.invalidateQueries({ queryKey: retentionKeys.runs(instance.id, policy.id) });
    });

  const patternProps = (key: PatternListKey) => ({
    id: key,
    value: form[key],
    onChange: (v: string) => set(key, v),
    errors: shown[key],
  });
  const matched = tester.data?.matchedRepositories ?? [];
  const zones = mounted ? timeZones() : [form.timezone];

  return (
    <div className="space-y-8">
      {instance.deleteProblem ? (
        <Alert variant="warning" title="Runs cannot create deletion requests on this instance">
          {instance.deleteProblem}
        </Alert>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <form
          className="space-y-6"
          aria-label="Retention policy"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Card>
            <CardHeader>
              <CardTitle>Policy</CardTitle>
            </CardHeader>
            <CardContent className="space-y-4">
              <div className="space-y-1.5">
                <Label htmlFor="policy-name">Name</Label>
                <Input
                  id="policy-name"
                  name="name"
                  value={form.name}
                  onChange={(e) => set('name', e.target.value)}
                  aria-invalid={shown.name ? true : undefined}
                />
                <FieldProblem id="policy-name-error" errors={shown.name} />
              </div>
              <Checkbox
                id="policy-enabled"
                label="Enabled"
                description="A disabled policy neither runs nor counts when other policies cover the same repositories."
                checked={form.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
              />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Scope</CardTitle>
              <CardDescription>
                Which repositories the policy covers. Patterns are globs (pr-*, v1.?, {'{a,b}'}) or /regular
                expressions/.
              </CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              <div className="space-y-1.5">
                <Label htmlFor="policy-namespace">Namespace</Label>
                <Select
                  id="policy-namespace"
                  name="namespace"
                  value={form.namespace}
                  onChange={(e) => set('namespace', e.target.value)}
                >
                  {instance.namespaces.map((ns) => (
                    <option key={ns} value={ns}>
                      {ns}
                    </option>
                  ))}
                </Select>
                <FieldProblem id="policy-namespace-error" errors={shown.namespace} />
              </div>
              <PatternField
                {...patternProps('repoInclude')}
                label="Repositories to include"
                hint="One pattern per line; empty = every repository of the namespace."
                placeholder="web-*"
              />
              <PatternField
                {...patternProps('repoExclude')}
                label="Repositories to exclude"
                hint="One pattern per line."
              />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Rules</CardTitle>
              <CardDescription>All rules that are set must agree for a tag to be deleted.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              <PatternField
                {...patternProps('tagInclude')}
                label="Tags to include"
                hint="One pattern per line; empty = every tag. Plain text is an exact tag name."
                placeholder="pr-*"
              />
              <PatternField {...patternProps('tagExclude')} label="Tags to exclude" hint="One pattern per line." />
              <NumberField
                id="pushedOlderThanDays"
                label="Last pushed more than"
                suffix="days ago"
                value={form.pushedOlderThanDays}
                onChange={(v) => set('pushedOlderThanDays', v)}
                errors={shown.pushedOlderThanDays}
                hint="Empty = no push-age rule."
              />
              <NumberField
                id="pulledOlderThanDays"
                label="Last pulled more than"
                suffix="days ago, or never pulled"
                value={form.pulledOlderThanDays}
                onChange={(v) => set('pulledOlderThanDays', v)}
                errors={shown.pulledOlderThanDays}
                hint="Empty = no pull rule."
              />
              <NumberField
                id="keepNewest"
                label="Always keep the newest"
                suffix="tags per repository"
                value={form.keepNewest}
                onChange={(v) => set('keepNewest', v)}
                errors={shown.keepNewest}
                hint="By last push, among the tags the patterns select. Empty = no floor."
              />
              <PatternField
                {...patternProps('protectedPatterns')}
                label="Protected tags"
                hint={`Never deleted. The instance also protects: ${instance.protectedTagPatterns.join(', ') || 'nothing'}.`}
              />
              <Checkbox
                id="policy-keepSharedDigest"
                label="Keep tags that share a digest with a kept tag"
                description="Deleting them would free nothing; the image stays under the other name."
                checked={form.keepSharedDigest}
                onChange={(e) => set('keepSharedDigest', e.target.checked)}
              />
              <NumberField
                id="safetyMaxDeletePercent"
                label="Safety stop: hold a run that would delete more than"
                suffix="% of a repository's tags (or all of them)"
                value={form.safetyMaxDeletePercent}
                onChange={(v) => set('safetyMaxDeletePercent', v)}
                errors={shown.safetyMaxDeletePercent}
              />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Schedule</CardTitle>
              <CardDescription>Runs create deletion requests that go through approval like any other.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              <Checkbox
                id="policy-scheduled"
                label="Run on a schedule"
                checked={form.scheduled}
                onChange={(e) => set('scheduled', e.target.checked)}
              />
              {form.scheduled ? (
                <>
                  <div className="space-y-1.5">
                    <Label htmlFor="policy-cron">Cron expression</Label>
                    <Input
                      id="policy-cron"
                      name="cron"
                      className="font-mono"
                      value={form.cron}
                      spellCheck={false}
                      aria-invalid={shown.cron ? true : undefined}
                      aria-describedby="policy-cron-hint"
                      onChange={(e) => set('cron', e.target.value)}
                    />
                    <p id="policy-cron-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                      minute hour day-of-month month day-of-week, e.g. <span className="font-mono">0 3 * * 1</span>
                    </p>
                    <FieldProblem id="policy-cron-error" errors={shown.cron} text={form.cron} />
                  </div>
                  <div className="space-y-1.5">
                    <Label htmlFor="policy-timezone">Time zone</Label>
                    <Select
                      id="policy-timezone"
                      name="timezone"
                      value={form.timezone}
                      onChange={(e) => set('timezone', e.target.value)}
                    >
                      {zones.map((z) => (
                        <option key={z} value={z}>
                          {z}
                        </option>
                      ))}
                    </Select>
                    <FieldProblem id="policy-timezone-error" errors={shown.timezone} />
                  </div>
                  {mounted && !shown.cron && !shown.timezone ? <SchedulePreview form={form} now={now} /> : null}
                </>
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">Manual runs only (“Run now”).</p>
              )}
            </CardContent>
          </Card>

          {warnings.length > 0 || check.warnings.length > 0 ? (
            <Alert variant="warning" title="Check this">
              <ul className="list-disc space-y-0.5 pl-4" data-testid="policy-warnings">
                {[...new Set([...check.warnings, ...warnings])].map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          ) : null}

          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" loading={saving}>
              {policy ? 'Save policy' : 'Create policy'}
            </Button>
            {policy ? (
              <>
                <Button
                  variant="secondary"
                  loading={running}
                  onClick={runNow}
                  disabled={!policy.spec.enabled}
                  title={policy.spec.enabled ? undefined : 'Enable and save the policy to run it.'}
                >
                  Run now
                </Button>
                <Button variant="ghost" className="text-red-600" onClick={() => setDeleteOpen(true)}>
                  Delete
                </Button>
              </>
            ) : null}
            <Link href={retentionUrls.page(instance.id)} className="text-sm text-zinc-600 underline dark:text-zinc-400">
              Back to policies
            </Link>
          </div>
          {policy && dirty ? (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              Unsaved changes: “Run now” uses the saved policy.
            </p>
          ) : null}
        </form>

        <section className="min-w-0 space-y-4" aria-label="Tester">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">Tester</h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                What a run would do now, on the real tags of the scope (together with the other enabled policies
                covering them).
              </p>
            </div>
            <div className="flex items-center gap-2">
              {testing && evaluable ? <Spinner className="size-4" label="Evaluating" /> : null}
              <Label htmlFor="tester-repository" className="sr-only">
                Repository to test
              </Label>
              <Select
                id="tester-repository"
                className="max-w-64"
                value={repository}
                onChange={(e) => setRepository(e.target.value)}
              >
                <option value="">All repositories in scope</option>
                {[...new Set([...matched, ...(repository ? [repository] : [])])].map((r) => (
                  <option key={r} value={r}>
                    {form.namespace}/{r}
                  </option>
                ))}
              </Select>
            </div>
          </div>
          {!evaluable ? (
            <Alert variant="info">Fix the highlighted fields to see what this policy would delete.</Alert>
          ) : tester.isError ? (
            <Alert variant="error">{tester.error.message}</Alert>
          ) : tester.data ? (
            <div
              className={testing ? 'opacity-60 transition-opacity' : undefined}
              data-testid="tester"
              data-state={testing ? 'stale' : 'fresh'}
            >
              {tester.data.warnings.length > 0 ? (
                <Alert variant="warning" className="mb-4">
                  <ul className="list-disc space-y-0.5 pl-4" data-testid="tester-warnings">
                    {tester.data.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
              <TesterPanel result={tester.data} />
            </div>
          ) : (
            <Spinner className="size-5" label="Evaluating" />
          )}
        </section>
      </div>

      {policy ? (
        <section className="space-y-3">
          <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">Run history</h2>
          <RunHistory instanceId={instance.id} policyId={policy.id} />
        </section>
      ) : null}
      {policy ? (
        <DeletePolicyDialog
          instanceId={instance.id}
          policy={policy}
          open={deleteOpen}
          onClose={() => setDeleteOpen(false)}
        />
      ) : null}
    </div>
  );
}
