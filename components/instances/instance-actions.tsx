'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { deleteInstanceAction, recheckInstanceAction, rotateInstanceSecretAction } from '@/app/actions/instances';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { instanceKeys, type InstanceDto } from './queries';

function firstMessage(result: { serverError?: string; validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } } | undefined): string {
  if (result?.serverError) return result.serverError;
  const fields = Object.values(result?.validationErrors?.fieldErrors ?? {}).flat();
  return fields[0] ?? result?.validationErrors?.formErrors?.[0] ?? 'Nothing was changed.';
}

/** "Re-check now": signs in with the stored token again and records the outcome. */
export function RecheckButton({ instance }: { instance: InstanceDto }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await recheckInstanceAction({ instanceId: instance.id });
          if (result?.data) {
            queryClient.setQueryData(instanceKeys.detail(instance.id), result.data.instance);
            await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
            const ok = result.data.check.status === 'ok';
            toast({ title: ok ? 'Check passed' : 'Check failed', description: result.data.check.message, variant: ok ? 'success' : 'error' });
            router.refresh();
          } else {
            toast({ title: 'Re-check failed', description: firstMessage(result), variant: 'error' });
          }
        })
      }
    >
      Re-check now
    </Button>
  );
}

type RotateErrors = Partial<Record<'secret' | 'skipCheck', string[]>>;

function RotateForm({ instance, onDone, onCancel }: { instance: InstanceDto; onDone: () => void; onCancel: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<RotateErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { instanceId: instance.id, secret: String(form.get('secret') ?? ''), skipCheck: form.get('skipCheck') === 'on' };
    startTransition(async () => {
      const result = await rotateInstanceSecretAction(input);
      setErrors((result?.validationErrors?.fieldErrors as RotateErrors | undefined) ?? {});
      setFormError(result?.serverError ?? null);
      if (result?.data) {
        queryClient.setQueryData(instanceKeys.detail(instance.id), result.data.instance);
        await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
        toast({ title: 'Token replaced', description: `${instance.name} now uses the token ending in ${result.data.instance.secretHint}.`, variant: 'success' });
        router.refresh();
        onDone();
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Rotate token" autoComplete="off">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        id="rotate-secret"
        label={instance.kind === 'OAT' ? 'New organization access token' : 'New personal access token'}
        hint={`For ${instance.username}. It is checked with Docker Hub before it replaces the current one.`}
        error={errors.secret}
      >
        {(p) => <Input {...p} name="secret" type="password" autoComplete="new-password" spellCheck={false} required />}
      </Field>
      <Checkbox id="rotate-skip-check" name="skipCheck" label="Save without checking" description="Replace the token even if Docker Hub cannot be asked now." />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          Replace token
        </Button>
      </div>
    </form>
  );
}

/** "Rotate token" button + dialog. */
export function RotateSecretDialog({ instance }: { instance: InstanceDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Rotate token
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Rotate token" description="Paste the replacement token. The current one stays until the new one passes the check.">
        <RotateForm instance={instance} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function DeleteForm({ instance, onCancel }: { instance: InstanceDto; onCancel: () => void }) {
  const toast = useToast();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    startTransition(async () => {
      const result = await deleteInstanceAction({ instanceId: instance.id, confirmName: typed });
      if (result?.data) {
        const cancelled = result.data.cancelledWork.reduce((n, w) => n + w.count, 0);
        queryClient.removeQueries({ queryKey: instanceKeys.detail(instance.id) });
        await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
        toast({
          title: 'Instance deleted',
          description: cancelled > 0 ? `${result.data.name}: ${cancelled} pending item(s) were cancelled.` : result.data.name,
          variant: 'success',
        });
        router.push('/instances');
        router.refresh();
      } else {
        setError(firstMessage(result));
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Delete instance">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Hubkeeper forgets this connection and its token. Pending work for it (queued jobs, open requests) is cancelled and recorded in the
        audit log. Nothing is deleted on Docker Hub.
      </p>
      <Field id="delete-confirm" label={<>Type <strong className="font-mono">{instance.name}</strong> to confirm</>}>
        {(p) => <Input {...p} name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
      </Field>
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" loading={pending} disabled={typed.trim() !== instance.name}>
          Delete instance
        </Button>
      </div>
    </form>
  );
}

/** "Delete" button + type-the-name dialog. */
export function DeleteInstanceDialog({ instance }: { instance: InstanceDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${instance.name}?`}>
        <DeleteForm instance={instance} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
