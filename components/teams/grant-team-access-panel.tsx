'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition, type FormEvent } from 'react';
import { grantTeamAccessAction } from '@/app/actions/teams';
import { HubErrorExplanation, HubProblem } from '@/components/hub-errors/hub-error-explanation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { TEAM_PERMISSION_LABELS, TEAM_PERMISSIONS, type TeamPermission } from '@/lib/validations/teams';
import { fetchGrantOptions, teamsKeys, retryUnlessAnswered, type HubProblemDto, type TeamGrantDto } from './queries';
import { Loading, QueryProblem } from './query-problem';

type Errors = Partial<Record<'teamName' | 'groupId' | 'permission' | 'namespace' | 'repository', string[]>>;

interface Pending {
  teamName?: string;
  groupId?: number;
  teamLabel: string;
  permission: TeamPermission;
}

function GrantResult({ grant, instanceId }: { grant: TeamGrantDto; instanceId: string }) {
  return (
    <div className="space-y-3">
      {grant.retriedAfter ? (
        <div className="space-y-2" data-testid="grant-retried">
          <p className="text-sm">
            Instance &quot;{grant.retriedAfter.instance.name}&quot; was refused, so Hubkeeper retried through &quot;
            {grant.via.name}&quot;:
          </p>
          <HubProblem problem={grant.retriedAfter.problem} />
        </div>
      ) : null}
      <Alert variant="success" title="Team access granted">
        <p data-testid="grant-result">
          Team <strong>{grant.groupName}</strong> (id {grant.groupId}) now has <strong>{grant.permission}</strong>{' '}
          access to{' '}
          <span className="font-mono">
            {grant.namespace}/{grant.repository}
          </span>
          , granted through instance &quot;{grant.via.name}&quot; ({grant.via.kind}).
        </p>
        <p className="mt-1">
          Recorded in Hubkeeper&apos;s audit log.{' '}
          <Link
            className="underline"
            href={`/instances/${encodeURIComponent(instanceId)}/hub-audit?org=${encodeURIComponent(grant.namespace)}`}
          >
            See the audit logs
          </Link>
        </p>
      </Alert>
    </div>
  );
}

/**
 * "Grant team access" for one repository (admins): pick a team by name (listed through an OAT
 * instance of the organization) or type its id, choose read / write / admin, confirm. The grant is
 * sent through the repository's PAT instance; refusals are explained.
 */
export function GrantTeamAccessPanel({
  instanceId,
  namespace,
  repository,
}: {
  instanceId: string;
  namespace: string;
  repository: string;
}) {
  const queryClient = useQueryClient();
  const options = useQuery({
    queryKey: teamsKeys.grantOptions(instanceId, namespace),
    queryFn: () => fetchGrantOptions(instanceId, namespace),
    retry: retryUnlessAnswered,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<{ grant: TeamGrantDto } | { problem: HubProblemDto } | null>(null);
  const [submitting, startTransition] = useTransition();

  function review(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setResult(null);
    setFormError(null);
    const form = new FormData(e.currentTarget);
    const permission = String(form.get('permission') ?? '') as TeamPermission;
    const next: Errors = {};
    if (!TEAM_PERMISSIONS.includes(permission)) next.permission = ['Choose read, write or admin.'];
    const teamName = String(form.get('teamName') ?? '').trim();
    const rawId = String(form.get('groupId') ?? '').trim();
    const listed = options.data?.teams ?? null;
    if (listed !== null) {
      if (teamName === '') next.teamName = ['Choose a team.'];
    } else if (!/^[1-9][0-9]{0,15}$/.test(rawId)) {
      next.groupId = ['Type the team id: a whole number, e.g. 7002.'];
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    if (listed !== null) {
      const team = listed.find((t) => t.name === teamName);
      setPending({ teamName, teamLabel: team ? `${team.name} (id ${team.id})` : teamName, permission });
    } else {
      setPending({ groupId: Number(rawId), teamLabel: `team id ${rawId}`, permission });
    }
  }

  function confirm() {
    if (pending === null) return;
    const input = {
      instanceId,
      namespace,
      repository,
      permission: pending.permission,
      ...(pending.teamName === undefined ? {} : { teamName: pending.teamName }),
      ...(pending.groupId === undefined ? {} : { groupId: pending.groupId }),
    };
    startTransition(async () => {
      const res = await grantTeamAccessAction(input);
      setPending(null);
      setErrors((res?.validationErrors?.fieldErrors as Errors | undefined) ?? {});
      const formErrors = res?.validationErrors?.formErrors ?? [];
      setFormError(res?.serverError ?? (formErrors.length > 0 ? formErrors.join(' ') : null));
      const data = res?.data;
      if (data) {
        setResult(data.ok ? { grant: data.grant } : { problem: data.problem });
        await queryClient.invalidateQueries({ queryKey: teamsKeys.all });
      }
    });
  }

  return (
    <Card data-testid="grant-team-access">
      <CardHeader>
        <CardTitle>Grant team access</CardTitle>
        <CardDescription>
          Give one of {namespace}&apos;s teams read, write or admin access to this repository. Docker Hub has no way to
          list or revoke grants through its API; use Docker Hub to review them.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {options.isPending ? (
          <Loading label="Looking up teams…" />
        ) : options.isError ? (
          <QueryProblem
            error={options.error}
            title="Team access cannot be granted here"
            onRetry={() => void options.refetch()}
          />
        ) : (
          <form onSubmit={review} aria-label="Grant team access" noValidate className="space-y-4">
            <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="grant-via">
              Sent through instance &quot;{options.data.via.name}&quot; (
              {options.data.via.kind === 'PAT' ? 'personal access token' : 'organization access token'}
              ).{options.data.viaNote ? ` ${options.data.viaNote}` : ''}
              {options.data.teamSource ? ` Team names come from instance "${options.data.teamSource.name}".` : ''}
            </p>
            {formError ? (
              <Alert variant="error" title="Nothing was granted">
                {formError}
              </Alert>
            ) : null}
            {options.data.teams !== null ? (
              <Field id="grant-team" label="Team" error={errors.teamName}>
                {(p) => (
                  <Select {...p} name="teamName" defaultValue="">
                    <option value="" disabled>
                      Choose a team…
                    </option>
                    {options.data.teams?.map((t) => (
                      <option key={t.id} value={t.name}>
                        {t.name} (id {t.id}
                        {t.memberCount === null ? '' : `, ${t.memberCount} member${t.memberCount === 1 ? '' : 's'}`})
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            ) : (
              <>
                {options.data.teamsProblem?.explanation ? (
                  <HubErrorExplanation
                    explanation={options.data.teamsProblem.explanation}
                    variant={options.data.teamsProblem.code === 'oat_instance_missing' ? 'warning' : 'error'}
                  />
                ) : options.data.teamsProblem ? (
                  <HubProblem problem={options.data.teamsProblem} title="Could not list the teams" />
                ) : null}
                <Field
                  id="grant-group-id"
                  label="Team id"
                  hint="The team's numeric id (group_id). Docker Hub shows it to organization owners; an OAT instance lets you pick by name instead."
                  error={errors.groupId}
                >
                  {(p) => (
                    <Input
                      {...p}
                      name="groupId"
                      inputMode="numeric"
                      pattern="[0-9]*"
                      autoComplete="off"
                      className="max-w-40"
                    />
                  )}
                </Field>
              </>
            )}
            <fieldset>
              <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Permission</legend>
              <div className="mt-2 space-y-1.5">
                {TEAM_PERMISSIONS.map((perm) => (
                  <label key={perm} className="flex items-center gap-2 text-sm">
                    <input
                      type="radio"
                      name="permission"
                      value={perm}
                      defaultChecked={perm === 'read'}
                      className="accent-indigo-600"
                    />
                    <span className="font-medium">{perm}</span>
                    <span className="text-zinc-500">{TEAM_PERMISSION_LABELS[perm]}</span>
                  </label>
                ))}
              </div>
              {errors.permission ? <p className="mt-1 text-xs text-red-600">{errors.permission.join(' ')}</p> : null}
            </fieldset>
            <Button type="submit">Grant access…</Button>
          </form>
        )}
        {result ? (
          <div className="mt-4">
            {'grant' in result ? (
              <GrantResult grant={result.grant} instanceId={instanceId} />
            ) : (
              <HubProblem problem={result.problem} title="Docker Hub refused the grant" />
            )}
          </div>
        ) : null}
      </CardContent>
      <Dialog
        open={pending !== null}
        onClose={() => (submitting ? undefined : setPending(null))}
        title="Grant team access?"
        description={
          pending
            ? `Give ${pending.teamLabel} ${pending.permission} access to ${namespace}/${repository} on Docker Hub.`
            : undefined
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setPending(null)} disabled={submitting}>
              Cancel
            </Button>
            <Button onClick={confirm} loading={submitting}>
              Grant {pending?.permission ?? ''} access
            </Button>
          </>
        }
      >
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The change is made on Docker Hub right away and recorded in Hubkeeper&apos;s audit log. It can only be undone
          on Docker Hub.
        </p>
      </Dialog>
    </Card>
  );
}
