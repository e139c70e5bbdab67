'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { updateInstanceAction } from '@/app/actions/instances';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { INSTANCE_NAME_MAX } from '@/lib/validations/instances';
import { instanceKeys, type InstanceDto } from './queries';

type Errors = Partial<Record<'name' | 'namespaces' | 'skipCheck', string[]>>;

/** Rename an instance and change its extra namespaces (the token is rotated separately). */
export function EditInstanceForm({ instance }: { instance: InstanceDto }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      instanceId: instance.id,
      name: String(form.get('name') ?? ''),
      namespaces: String(form.get('namespaces') ?? ''),
      skipCheck: form.get('skipCheck') === 'on',
    };
    startTransition(async () => {
      const result = await updateInstanceAction(input);
      setErrors((result?.validationErrors?.fieldErrors as Errors | undefined) ?? {});
      setFormError(result?.serverError ?? null);
      if (result?.data) {
        queryClient.setQueryData(instanceKeys.detail(instance.id), result.data.instance);
        await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
        toast({ title: 'Instance saved', description: result.data.instance.name, variant: 'success' });
        router.push(`/instances/${instance.id}`);
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5" aria-label="Edit instance">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field id="edit-name" label="Name" error={errors.name}>
        {(p) => <Input {...p} name="name" defaultValue={instance.name} maxLength={INSTANCE_NAME_MAX + 10} required />}
      </Field>
      <Field
        id="edit-namespaces"
        label="Extra namespaces"
        hint={`Besides ${instance.username}. Separate with commas; new ones are checked on Docker Hub.`}
        error={errors.namespaces}
      >
        {(p) => <Input {...p} name="namespaces" defaultValue={instance.namespaces.join(', ')} autoCapitalize="none" spellCheck={false} />}
      </Field>
      <Checkbox id="edit-skip-check" name="skipCheck" label="Save without checking new namespaces" />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => router.push(`/instances/${instance.id}`)} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}
