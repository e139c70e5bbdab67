'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import {
  importRetentionPoliciesAction,
  setRetentionPolicyEnabledAction,
  updateRetentionSettingsAction,
} from '@/app/actions/retention';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClasses } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import {
  describeRules,
  describeScope,
  type ImportResult,
  type RetentionPolicyDTO,
  type RetentionSettingsDTO,
} from '@/lib/retention';
import { actionMessage, retentionUrls } from './queries';
import { RunStatusBadge } from './run-history';

function EnabledToggle({ instanceId, policy }: { instanceId: string; policy: RetentionPolicyDTO }) {
  const [pending, start] = useTransition();
  const router = useRouter();
  const toast = useToast();
  return (
    <input
      type="checkbox"
      aria-label={`Enable ${policy.spec.name}`}
      className="size-4 accent-indigo-600"
      checked={policy.spec.enabled}
      disabled={pending}
      onChange={(e) => {
        const enabled = e.target.checked;
        start(async () => {
          const r = await setRetentionPolicyEnabledAction({ instanceId, policyId: policy.id, enabled });
          if (!r?.data) toast({ title: 'Not changed', description: actionMessage(r), variant: 'error' });
          router.refresh();
        });
      }}
    />
  );
}

/** The instance's policies with their scope, rules, schedule and last run. */
export function PolicyList({ instanceId, policies }: { instanceId: string; policies: RetentionPolicyDTO[] }) {
  if (policies.length === 0) {
    return (
      <EmptyState
        title="No retention policies yet"
        description="A policy selects tags to clean up (by name, age, pulls) and turns them into deletion requests on a schedule."
        action={
          <Link href={`${retentionUrls.page(instanceId)}/new`} className={buttonClasses('primary')}>
            New policy
          </Link>
        }
      />
    );
  }
  return (
    <Table data-testid="policy-list">
      <THead>
        <tr>
          <TH>On</TH>
          <TH>Policy</TH>
          <TH>Schedule</TH>
          <TH>Last run</TH>
        </tr>
      </THead>
      <TBody>
        {policies.map((p) => (
          <TR key={p.id} data-testid="policy-row" data-policy={p.spec.name}>
            <TD>
              <EnabledToggle instanceId={instanceId} policy={p} />
            </TD>
            <TD className="max-w-xl">
              <Link
                href={retentionUrls.policy(instanceId, p.id)}
                className="font-medium text-indigo-700 underline dark:text-indigo-300"
              >
                {p.spec.name}
              </Link>
              <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{describeScope(p.spec.scope)}</p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                {describeRules(p.spec.rules).join('; ') || 'no rules'}
              </p>
            </TD>
            <TD className="text-xs">
              {p.schedulePreview ? (
                <>
                  <p>{p.schedulePreview.description}</p>
                  {p.schedulePreview.next[0] ? (
                    <p className="text-zinc-500">
                      next <LocalTime iso={new Date(p.schedulePreview.next[0]).toISOString()} />
                    </p>
                  ) : null}
                </>
              ) : (
                <span className="text-zinc-500">{p.spec.enabled ? 'manual only' : 'disabled'}</span>
              )}
            </TD>
            <TD className="text-xs">
              {p.lastRun ? (
                <>
                  <RunStatusBadge status={p.lastRun.status} />
                  <p className="text-zinc-500">
                    <LocalTime iso={new Date(p.lastRun.createdAt).toISOString()} /> · {p.lastRun.toDelete} to delete
                  </p>
                </>
              ) : (
                <span className="text-zinc-500">never</span>
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

const CHANGE_VARIANT = { created: 'success', updated: 'accent', unchanged: 'neutral' } as const;

/** Import an exported file: shows created / updated / unchanged per policy before applying. */
export function ImportPolicies({ instanceId }: { instanceId: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const toast = useToast();

  const run = (apply: boolean) =>
    start(async () => {
      const r = await importRetentionPoliciesAction({ instanceId, document: text, apply });
      if (!r?.data) {
        setResult({
          ok: false,
          errors: [{ path: '', message: actionMessage(r, 'The file could not be read.'), position: null }],
        });
        return;
      }
      setResult(r.data);
      setPreviewedText(r.data.ok ? text : null);
      if (apply && r.data.ok) {
        toast({ title: r.data.applied ? 'Policies imported' : 'Nothing to change', variant: 'success' });
        setOpen(false);
        router.refresh();
      }
    });

  const close = () => {
    setOpen(false);
    setResult(null);
    setText('');
  };
  const canApply =
    result?.ok === true && previewedText === text && result.plan.items.some((i) => i.change !== 'unchanged');
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Import…
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title="Import policies"
        description="Paste or choose a file exported from Hubkeeper. Policies are matched by name; policies the file does not mention stay as they are."
        className="max-w-2xl"
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="secondary" loading={pending} onClick={() => run(false)} disabled={text.trim() === ''}>
              Preview changes
            </Button>
            <Button loading={pending} onClick={() => run(true)} disabled={!canApply}>
              Apply
            </Button>
          </>
        }
      >
        <div className="space-y-3">
          <div className="space-y-1.5">
            <Label htmlFor="import-file">File</Label>
            <Input
              id="import-file"
              type="file"
              accept="application/json,.json"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then((t) => setText(t));
              }}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="import-text">JSON</Label>
            <Textarea
              id="import-text"
              className="min-h-40 font-mono text-xs"
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
            />
          </div>
          {result && !result.ok ? (
            <Alert variant="error" title="Nothing was imported">
              <ul className="list-disc space-y-0.5 pl-4" data-testid="import-errors">
                {result.errors.map((e, i) => (
                  <li key={i}>
                    {e.path ? <span className="font-mono">{e.path}: </span> : null}
                    {e.message}
                    {e.position !== null ? ` (character ${e.position + 1})` : ''}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {result?.ok ? (
            <div className="space-y-2" data-testid="import-plan">
              <ul className="space-y-1 text-sm">
                {result.plan.items.map((i) => (
                  <li key={i.name} data-testid="import-item" data-change={i.change}>
                    <Badge variant={CHANGE_VARIANT[i.change]}>{i.change}</Badge>{' '}
                    <span className="font-medium">{i.name}</span>
                    {i.fields.length > 0 ? (
                      <span className="text-xs text-zinc-500"> ({i.fields.join(', ')})</span>
                    ) : null}
                  </li>
                ))}
              </ul>
              {result.plan.untouched.length > 0 ? (
                <p className="text-xs text-zinc-500">
                  Not in the file, left as they are: {result.plan.untouched.join(', ')}
                </p>
              ) : null}
              {result.warnings.length > 0 ? (
                <Alert variant="warning">
                  <ul className="list-disc pl-4">
                    {result.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
            </div>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}

/** Auto-approval of small policy requests (off by default). */
export function RetentionSettingsCard({ settings }: { settings: RetentionSettingsDTO }) {
  const [autoApprove, setAutoApprove] = useState(settings.autoApprove);
  const [maxTags, setMaxTags] = useState(String(settings.autoApproveMaxTags));
  const [maxMb, setMaxMb] = useState(
    settings.autoApproveMaxBytes === null ? '' : String(settings.autoApproveMaxBytes / 1_000_000),
  );
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const save = () =>
    start(async () => {
      const tags = Number(maxTags);
      const mb = maxMb.trim() === '' ? null : Number(maxMb);
      const r = await updateRetentionSettingsAction({
        instanceId: settings.instanceId,
        autoApprove,
        autoApproveMaxTags: Number.isFinite(tags) ? tags : -1,
        autoApproveMaxMegabytes: mb === null || Number.isFinite(mb) ? mb : -1,
      });
      if (!r?.data) {
        setErrors(r?.validationErrors?.fieldErrors ?? {});
        toast({ title: 'Settings not saved', description: actionMessage(r), variant: 'error' });
        return;
      }
      setErrors({});
      toast({ title: 'Retention settings saved', variant: 'success' });
      router.refresh();
    });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Auto-approval of policy runs</CardTitle>
        <CardDescription>
          Off by default: every request a policy creates waits for an approver. When on, small requests are approved by
          the system and recorded as auto-approved in the audit log.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {settings.requiredApprovals > 1 ? (
          <Alert variant="info">
            This instance needs {settings.requiredApprovals} approvals per request, so policy requests are never
            auto-approved here.
          </Alert>
        ) : null}
        <Checkbox
          id="auto-approve"
          label="Auto-approve small policy requests"
          checked={autoApprove}
          onChange={(e) => setAutoApprove(e.target.checked)}
        />
        <div className="flex flex-wrap gap-4">
          <div className="space-y-1.5">
            <Label htmlFor="auto-approve-max-tags">At most (tags per request)</Label>
            <div className="w-28">
              <Input
                id="auto-approve-max-tags"
                inputMode="numeric"
                value={maxTags}
                onChange={(e) => setMaxTags(e.target.value)}
              />
            </div>
            {errors.autoApproveMaxTags?.[0] ? (
              <p className="text-sm text-red-600">{errors.autoApproveMaxTags[0]}</p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="auto-approve-max-mb">and at most (MB really freed; empty = any)</Label>
            <div className="w-28">
              <Input
                id="auto-approve-max-mb"
                inputMode="decimal"
                value={maxMb}
                onChange={(e) => setMaxMb(e.target.value)}
              />
            </div>
            {errors.autoApproveMaxMegabytes?.[0] ? (
              <p className="text-sm text-red-600">{errors.autoApproveMaxMegabytes[0]}</p>
            ) : null}
          </div>
        </div>
        <Button variant="secondary" loading={pending} onClick={save}>
          Save settings
        </Button>
      </CardContent>
    </Card>
  );
}
