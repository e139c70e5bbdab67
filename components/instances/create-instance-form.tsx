'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createInstanceAction } from '@/app/actions/instances';
import { CredentialKindHelp } from '@/components/hub-errors/credential-kind-help';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { INSTANCE_NAME_MAX } from '@/lib/validations/instances';
import { instanceKeys } from './queries';

type FieldName = 'name' | 'kind' | 'username' | 'secret' | 'namespaces' | 'skipCheck';
type Errors = Partial<Record<FieldName, string[]>>;

/** Add-instance form. The token is sent once, to the server action, and never comes back. */
/** `initialKind` / `initialUsername` prefill the form from links such as "Add an OAT instance for acme". */
export function CreateInstanceForm({ initialKind = 'PAT', initialUsername = '' }: { initialKind?: 'PAT' | 'OAT'; initialUsername?: string }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [kind, setKind] = useState<'PAT' | 'OAT'>(initialKind);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get('name') ?? ''),
      kind,
      username: String(form.get('username') ?? ''),
      secret: String(form.get('secret') ?? ''),
      namespaces: String(form.get('namespaces') ?? ''),
      skipCheck: form.get('skipCheck') === 'on',
    };
    startTransition(async () => {
      const result = await createInstanceAction(input);
      const fieldErrors = (result?.validationErrors?.fieldErrors as Errors | undefined) ?? {};
      setErrors(fieldErrors);
      const formErrors = result?.validationErrors?.formErrors ?? [];
      setFormError(result?.serverError ?? (formErrors.length > 0 ? formErrors.join(' ') : null));
      if (result?.data) {
        const { instance } = result.data;
        await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
        toast({
          title: 'Instance added',
          description: instance.status === 'ok' ? instance.statusMessage ?? instance.name : `${instance.name} was saved without checking its token.`,
          variant: 'success',
        });
        router.push(`/instances/${instance.id}`);
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5" aria-label="Add instance" autoComplete="off">
      {formError ? (
        <Alert variant="error" title="The instance was not saved">
          <span data-testid="form-error">{formError}</span>
        </Alert>
      ) : null}
      <Field id="instance-name" label="Name" hint={`A name people recognise, e.g. "Production". Up to ${INSTANCE_NAME_MAX} characters.`} error={errors.name}>
        {(p) => <Input {...p} name="name" maxLength={INSTANCE_NAME_MAX + 10} required />}
      </Field>
      <Field id="instance-kind" label="Token type" error={errors.kind}>
        {(p) => (
          <Select {...p} name="kind" value={kind} onChange={(e) => setKind(e.target.value === 'OAT' ? 'OAT' : 'PAT')}>
            <option value="PAT">Personal access token (dckr_pat_…)</option>
            <option value="OAT">Organization access token (dckr_oat_…)</option>
          </Select>
        )}
      </Field>
      <CredentialKindHelp selected={kind} />
      <Field
        id="instance-username"
        label={kind === 'OAT' ? 'Organization' : 'Docker Hub username'}
        hint={kind === 'OAT' ? 'The organization the token was created in; also the default namespace.' : 'The Docker ID that created the token; also the default namespace.'}
        error={errors.username}
      >
        {(p) => <Input {...p} name="username" defaultValue={initialUsername} autoCapitalize="none" spellCheck={false} required />}
      </Field>
      <Field
        id="instance-secret"
        label={kind === 'OAT' ? 'Organization access token' : 'Personal access token'}
        hint="Stored encrypted. It is never shown again: only its last 4 characters."
        error={errors.secret}
      >
        {(p) => <Input {...p} name="secret" type="password" autoComplete="new-password" spellCheck={false} required />}
      </Field>
      <Field
        id="instance-namespaces"
        label="Extra namespaces (optional)"
        hint="Other users or organizations this token can manage, separated by commas."
        error={errors.namespaces}
      >
        {(p) => <Input {...p} name="namespaces" autoCapitalize="none" spellCheck={false} placeholder="acme, acme-labs" />}
      </Field>
      <Checkbox
        id="instance-skip-check"
        name="skipCheck"
        label="Save without checking"
        description="Normally Hubkeeper signs in to Docker Hub with the token before saving. Tick this to save it anyway (status: not checked)."
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => router.push('/instances')} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {pending ? 'Checking with Docker Hub…' : 'Add instance'}
        </Button>
      </div>
    </form>
  );
}
