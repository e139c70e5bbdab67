'use client';

import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { updateDeletionSettingsAction } from '@/app/actions/deletions';
import {
  createWebhookAction,
  deleteWebhookAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  updateWebhookAction,
} from '@/app/actions/webhooks';
import { actionError, deletionKeys, fetchWebhooks } from '@/components/deletions/queries';
import { RelativeTime } from '@/components/repositories/relative-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { WebhookDeliveryDTO, WebhookEndpointDTO } from '@/lib/services/webhooks';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEventName } from '@/lib/validations/deletions';

interface Initial {
  endpoints: WebhookEndpointDTO[];
  deliveries: WebhookDeliveryDTO[];
}

/** An instance's webhook endpoints (add, enable/disable, rotate secret, test, remove) and recent deliveries. */
export function WebhookSettings({ instanceId, initial }: { instanceId: string; initial: Initial }) {
  const query = useQuery({
    queryKey: deletionKeys.webhooks(instanceId),
    queryFn: ({ signal }) => fetchWebhooks(instanceId, signal),
    initialData: initial,
    refetchInterval: 5000,
  });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [secret, setSecret] = useState<{ url: string; value: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: deletionKeys.webhooks(instanceId) });

  const act = async (label: string, fn: () => Promise<{ serverError?: string } | undefined>, success?: string) => {
    const result = await fn();
    const problem = actionError(result);
    if (problem) toast({ title: `${label} failed`, description: problem, variant: 'error' });
    else if (success) toast({ title: success, variant: 'success' });
    await refresh();
    return problem === null;
  };

  return (
    <div className="space-y-6">
      {secret ? (
        <Alert variant="warning" title="Copy the signing secret now — it is not shown again">
          <p className="break-all">
            For <span className="font-mono">{secret.url}</span>: <code className="rounded bg-white/60 px-1 font-mono dark:bg-black/30" data-testid="webhook-secret">{secret.value}</code>
          </p>
          <p className="mt-1">
            Verify each delivery: HMAC-SHA256 of the raw body with this secret, hex-encoded, equals the <code>X-Hubkeeper-Signature</code> header after <code>sha256=</code>.
          </p>
          <Button size="sm" variant="secondary" className="mt-2" onClick={() => setSecret(null)}>
            I saved it
          </Button>
        </Alert>
      ) : null}

      <AddEndpoint instanceId={instanceId} onCreated={(url, value) => { setSecret({ url, value }); void refresh(); }} />

      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          {query.data.endpoints.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No webhooks yet.</p> : null}
          {query.data.endpoints.map((e) => (
            <div key={e.id} className="flex flex-wrap items-start justify-between gap-3 rounded-md p-3 ring-1 ring-zinc-200 dark:ring-zinc-800" data-testid="webhook-endpoint">
              <div className="min-w-0 space-y-1">
                <p className="font-mono text-sm break-all">{e.url}</p>
                <p className="flex flex-wrap gap-1">
                  {e.active ? <Badge variant="success">active</Badge> : <Badge>disabled</Badge>}
                  {e.events.map((ev) => (
                    <Badge key={ev} variant="info">
                      {ev}
                    </Badge>
                  ))}
                </p>
                <p className="text-xs text-zinc-500">Secret ends in …{e.secretHint}</p>
              </div>
              <div className="flex flex-wrap gap-1.5">
                <Button size="sm" variant="secondary" onClick={() => void act('Test', () => sendTestWebhookAction({ instanceId, webhookId: e.id }), 'Test delivery queued')}>
                  Send test
                </Button>
                <Button size="sm" variant="secondary" onClick={() => void act('Update', () => updateWebhookAction({ instanceId, webhookId: e.id, active: !e.active }))}>
                  {e.active ? 'Disable' : 'Enable'}
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() =>
                    void (async () => {
                      const result = await rotateWebhookSecretAction({ instanceId, webhookId: e.id });
                      const problem = actionError(result);
                      if (problem || !result?.data) toast({ title: 'Rotating failed', description: problem ?? undefined, variant: 'error' });
                      else setSecret({ url: e.url, value: result.data.secret });
                      await refresh();
                    })()
                  }
                >
                  New secret
                </Button>
                <Button size="sm" variant="ghost" onClick={() => void act('Remove', () => deleteWebhookAction({ instanceId, webhookId: e.id }), 'Webhook removed')}>
                  Remove
                </Button>
              </div>
            </div>
          ))}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Recent deliveries</CardTitle>
          <CardDescription>Failed attempts are retried with exponential back-off; the last error shows why.</CardDescription>
        </CardHeader>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="webhook-deliveries">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
              <tr>
                <th className="px-3 py-2 font-medium">Event</th>
                <th className="px-3 py-2 font-medium">Endpoint</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 text-right font-medium">Attempts</th>
                <th className="px-3 py-2 font-medium">Last error</th>
                <th className="px-3 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {query.data.deliveries.map((d) => (
                <tr key={d.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="webhook-delivery" data-status={d.status}>
                  <td className="px-3 py-2 font-mono text-xs">{d.event}</td>
                  <td className="max-w-48 truncate px-3 py-2 font-mono text-xs" title={d.url}>
                    {d.url}
                  </td>
                  <td className="px-3 py-2">
                    <Badge variant={d.status === 'delivered' ? 'success' : d.status === 'failed' ? 'danger' : 'info'}>{d.status}</Badge>
                    {d.status === 'pending' && d.nextAttemptAt ? (
                      <span className="ml-1.5 text-xs text-zinc-500">
                        next <RelativeTime ms={d.nextAttemptAt} />
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.attempts}</td>
                  <td className="max-w-sm px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">{d.lastError ?? '—'}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <RelativeTime ms={d.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

function AddEndpoint({ instanceId, onCreated }: { instanceId: string; onCreated: (url: string, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventName>>(() => new Set(WEBHOOK_EVENTS));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await createWebhookAction({ instanceId, url, events: [...events], active: true });
      const problem = actionError(result);
      if (problem || !result?.data) {
        setError(problem ?? 'The webhook was not created.');
        return;
      }
      onCreated(result.data.endpoint.url, result.data.secret);
      setUrl('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Add a webhook</CardTitle>
        <CardDescription>Hubkeeper POSTs signed JSON to this URL when a deletion request of this instance changes.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {error ? <Alert variant="error">{error}</Alert> : null}
        <Field id="webhook-url" label="URL">
          {(p) => <Input {...p} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.com/hubkeeper" />}
        </Field>
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">Events</legend>
          <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((ev) => (
              <Checkbox
                key={ev}
                id={`webhook-event-${ev}`}
                label={WEBHOOK_EVENT_LABELS[ev]}
                checked={events.has(ev)}
                onChange={(e) => {
                  const next = new Set(events);
                  if (e.currentTarget.checked) next.add(ev);
                  else next.delete(ev);
                  setEvents(next);
                }}
              />
            ))}
          </div>
        </fieldset>
      </CardContent>
      <CardFooter>
        <Button onClick={() => void submit()} loading={busy} disabled={url.trim() === '' || events.size === 0}>
          Add webhook
        </Button>
      </CardFooter>
    </Card>
  );
}

/** How long deletion requests of this instance stay open, and what counts as recently pulled. */
export function DeletionSettingsForm({ instanceId, initial }: { instanceId: string; initial: { requestTtlHours: number; recentPullDays: number } }) {
  const [ttl, setTtl] = useState(String(initial.requestTtlHours));
  const [days, setDays] = useState(String(initial.recentPullDays));
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const save = async () => {
    setBusy(true);
    try {
      const result = await updateDeletionSettingsAction({ instanceId, requestTtlHours: Number(ttl), recentPullDays: Number(days) });
      setErrors(result?.validationErrors?.fieldErrors ?? {});
      const problem = actionError(result);
      toast(problem ? { title: 'Not saved', description: problem, variant: 'error' } : { title: 'Deletion settings saved', variant: 'success' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Deletion requests</CardTitle>
        <CardDescription>Required approvals and protected tag patterns are set on the instance itself.</CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field id="ttl-hours" label="Requests expire after (hours)" error={errors.requestTtlHours ?? null} hint="Default 72. An expired request can only be re-submitted.">
          {(p) => <Input {...p} type="number" min={1} max={8760} value={ttl} onChange={(e) => setTtl(e.target.value)} />}
        </Field>
        <Field id="recent-days" label="“Recently pulled” means within (days)" error={errors.recentPullDays ?? null} hint="Default 7. Such tags get a warning in the safety summary.">
          {(p) => <Input {...p} type="number" min={0} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
      </CardContent>
      <CardFooter>
        <Button onClick={() => void save()} loading={busy}>
          Save
        </Button>
      </CardFooter>
    </Card>
  );
}
