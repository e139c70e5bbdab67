'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import { fetchComparison, instanceKeys, type CompareResult } from './queries';

export interface CompareOption {
  /** `instanceId` or `instanceId:namespace`. */
  value: string;
  label: string;
}

function Picker({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: CompareOption[]; onChange: (v: string) => void }) {
  return (
    <Field id={id} label={label} className="min-w-56 flex-1">
      {(p) => (
        <Select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

function Side({ side }: { side: CompareResult['sides'][number] }) {
  return (
    <Card data-testid="compare-side">
      <CardHeader>
        <CardTitle>
          {side.instanceName} <span className="font-mono text-sm font-normal">/ {side.namespace}</span>
        </CardTitle>
        <CardDescription>
          {side.error ? null : (
            <span data-testid="compare-count">
              {side.repositoryCount} repositor{side.repositoryCount === 1 ? 'y' : 'ies'}
            </span>
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {side.error ? <Alert variant="error">{side.error}</Alert> : null}
        <div>
          <h3 className="mb-1 font-medium">Newest pushes</h3>
          {side.newestPushes.length === 0 ? (
            <p className="text-zinc-500">None.</p>
          ) : (
            <ul className="space-y-0.5">
              {side.newestPushes.map((r) => (
                <li key={r.name} className="flex justify-between gap-2">
                  <span className="font-mono text-xs">
                    {r.name} {r.isPrivate ? <Badge>private</Badge> : null}
                  </span>
                  <LocalTime iso={r.lastUpdated} className="text-xs text-zinc-500" />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="mb-1 font-medium">Only here ({side.onlyHere.length})</h3>
          {side.onlyHere.length === 0 ? (
            <p className="text-zinc-500">Every repository here also exists on the other side.</p>
          ) : (
            <ul className="flex flex-wrap gap-1" data-testid="compare-only-here">
              {side.onlyHere.map((r) => (
                <li key={r.name}>
                  <Badge variant="warning" className="font-mono">
                    {r.name}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

/** Pick two namespaces (through their instances) and compare their repositories. */
export function CompareView({ options, selected }: { options: CompareOption[]; selected: string[] }) {
  const router = useRouter();
  const [left, setLeft] = useState(selected[0] ?? '');
  const [right, setRight] = useState(selected[1] ?? '');
  const spec = selected.length === 2 ? selected.join(',') : null;
  const query = useQuery({
    queryKey: instanceKeys.compare(spec ?? ''),
    queryFn: () => fetchComparison(spec ?? ''),
    enabled: spec !== null,
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (left && right) router.push(`/compare?instances=${encodeURIComponent(`${left},${right}`).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4" aria-label="Choose what to compare">
        <Picker id="compare-left" label="Left" value={left} options={options} onChange={setLeft} />
        <Picker id="compare-right" label="Right" value={right} options={options} onChange={setRight} />
        <Button type="submit" disabled={!left || !right || left === right}>
          Compare
        </Button>
      </form>
      {spec === null ? null : query.isPending ? (
        <div className="flex items-center gap-2 text-sm text-zinc-600">
          <Spinner className="size-4" /> Listing every repository on both sides…
        </div>
      ) : query.isError ? (
        <Alert variant="error">{query.error.message}</Alert>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="compare-in-both">
            {query.data.inBoth} repositor{query.data.inBoth === 1 ? 'y exists' : 'ies exist'} on both sides.
          </p>
          <div className="grid gap-4 lg:grid-cols-2">
            {query.data.sides.map((s) => (
              <Side key={`${s.instanceId}:${s.namespace}`} side={s} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
