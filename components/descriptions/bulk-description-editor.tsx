'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { applyBulkDescriptionsAction, previewBulkDescriptionsAction } from '@/app/actions/descriptions';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input, Select, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { descriptionUrls, type BulkPreviewDTO, type PreviewRowDTO } from '@/lib/descriptions/dto';
import { compileRepoNameFilter, compileSpec } from '@/lib/descriptions/plan';
import type { DescriptionChange, RepoSelection } from '@/lib/descriptions/types';
import { ChangeEditor } from './change-editor';
import { DiffView } from './diff-view';
import { actionMessage } from './queries';

export interface BulkDescriptionEditorProps {
  instance: { id: string; name: string; namespaces: string[] };
  capability: { allowed: boolean; reason: string | null };
  /** From `?repos=a,b,c` (already "namespace/name"). */
  initialRepos: string[];
  /** Entries of `?repos=` that are not repository names. */
  invalidRepos: string[];
}

type FieldErrors = Partial<Record<'selection' | 'description' | 'fullDescription' | 'changes', string[]>>;

function OutcomeBadge({ row }: { row: PreviewRowDTO }) {
  if (row.outcome === 'change') return <Badge variant="accent">will change</Badge>;
  if (row.outcome === 'unchanged') return <Badge>unchanged</Badge>;
  return <Badge variant="danger">over Hub&apos;s limit — excluded</Badge>;
}

function PreviewTable({ preview }: { preview: BulkPreviewDTO }) {
  const showFull = preview.rows.some((r) => r.fullDescription !== null);
  return (
    <Table data-testid="bulk-preview">
      <THead>
        <tr>
          <TH>Repository</TH>
          <TH>Short description</TH>
          {showFull ? <TH>Full description</TH> : null}
          <TH>Result</TH>
        </tr>
      </THead>
      <TBody>
        {preview.rows.map((row) => (
          <TR key={`${row.namespace}/${row.name}`} data-testid="preview-row" data-repository={`${row.namespace}/${row.name}`} data-outcome={row.outcome}>
            <TD className="font-medium whitespace-nowrap">
              {row.namespace}/{row.name}
            </TD>
            <TD className="max-w-md text-sm">
              {row.description === null ? null : row.description.changed ? (
                <DiffView parts={row.description.diff} />
              ) : (
                <span className="text-zinc-500">{row.description.before || '(empty)'}</span>
              )}
            </TD>
            {showFull ? (
              <TD className="max-w-md">
                {row.fullDescription === null ? null : row.fullDescription.changed ? (
                  <pre className="max-h-32 overflow-auto font-mono text-xs">
                    <DiffView parts={row.fullDescription.diff} />
                  </pre>
                ) : (
                  <span className="text-xs text-zinc-500">unchanged</span>
                )}
              </TD>
            ) : null}
            <TD className="whitespace-nowrap">
              <OutcomeBadge row={row} />
              {row.problems.map((p) => (
                <p key={p.field} className="mt-1 max-w-xs text-xs whitespace-normal text-red-600 dark:text-red-400">
                  {p.message}
                </p>
              ))}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/** Bulk description edit: choose repositories and a change per field, preview every row, apply as a background job. */
export function BulkDescriptionEditor({ instance, capability, initialRepos, invalidRepos }: BulkDescriptionEditorProps) {
  const router = useRouter();
  const toast = useToast();
  const [mode, setMode] = useState<RepoSelection['mode']>(initialRepos.length > 0 ? 'list' : 'filter');
  const [list, setList] = useState(initialRepos.join('\n'));
  const [namespace, setNamespace] = useState(instance.namespaces[0] ?? '');
  const [pattern, setPattern] = useState('');
  const [description, setDescription] = useState<DescriptionChange>({ kind: 'replace', find: '', replace: '', regex: false, caseSensitive: true });
  const [fullDescription, setFullDescription] = useState<DescriptionChange>({ kind: 'keep' });
  const [preview, setPreview] = useState<BulkPreviewDTO | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [previewing, startPreview] = useTransition();
  const [applying, startApply] = useTransition();

  const selection: RepoSelection = useMemo(
    () =>
      mode === 'list'
        ? { mode, repositories: list.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== '') }
        : { mode, namespace, pattern },
    [mode, list, namespace, pattern],
  );

  // Any edit invalidates the stored preview: what is applied must be what was seen.
  const edit = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPreview(null);
  };

  const localErrors = (): FieldErrors => {
    const out: FieldErrors = {};
    if (selection.mode === 'list' && selection.repositories.length === 0) out.selection = ['Choose at least one repository.'];
    if (selection.mode === 'filter') {
      const filter = compileRepoNameFilter(selection.pattern);
      if (!filter.ok) out.selection = [filter.error];
      if (selection.namespace === '') out.selection = ['Choose a namespace.'];
    }
    // Per-input messages of the changes are shown by ChangeEditor itself; only "no change at all" goes here.
    const compiled = compileSpec({ description, fullDescription });
    if (!compiled.ok && compiled.errors.changes !== undefined) out.changes = [compiled.errors.changes];
    return out;
  };

  const runPreview = () => {
    setAttempted(true);
    setFormError(null);
    const local = localErrors();
    setErrors(local);
    // Bad input never leaves the browser.
    if (Object.keys(local).length > 0 || !compileSpec({ description, fullDescription }).ok) return;
    startPreview(async () => {
      const result = await previewBulkDescriptionsAction({ instanceId: instance.id, selection, description, fullDescription });
      if (result?.data) {
        setPreview(result.data);
        setErrors({});
        return;
      }
      setPreview(null);
      setErrors((result?.validationErrors?.fieldErrors as FieldErrors | undefined) ?? {});
      setFormError(actionMessage(result, 'The preview failed.'));
    });
  };

  const apply = () => {
    if (!preview) return;
    startApply(async () => {
      const result = await applyBulkDescriptionsAction({ instanceId: instance.id, draftId: preview.draftId });
      if (result?.data) {
        toast({ title: 'Bulk edit started', description: 'It runs in the background; you can close this page.', variant: 'success' });
        router.push(descriptionUrls.jobPage(instance.id, result.data.jobId));
        return;
      }
      setFormError(actionMessage(result, 'The bulk edit did not start.'));
    });
  };

  const willChange = preview?.summary.change ?? 0;

  return (
    <div className="space-y-6">
      {!capability.allowed ? (
        <Alert variant="warning" title="This instance cannot edit descriptions">
          <span data-testid="capability-reason">{capability.reason}</span>
        </Alert>
      ) : null}
      {invalidRepos.length > 0 ? <Alert variant="warning">Ignored entries that are not repository names: {invalidRepos.join(', ')}</Alert> : null}

      <section className="space-y-3 rounded-lg p-4 ring-1 ring-zinc-200 dark:ring-zinc-800">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Repositories</h2>
        <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="How to choose repositories">
          <label className="flex items-center gap-2">
            <input type="radio" name="selection-mode" checked={mode === 'list'} onChange={() => edit(setMode)('list')} /> A list of repositories
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="selection-mode" checked={mode === 'filter'} onChange={() => edit(setMode)('filter')} /> By name in a namespace
          </label>
        </div>
        {mode === 'list' ? (
          <div className="space-y-1">
            <Label htmlFor="selection-list">Repositories (namespace/name, one per line)</Label>
            <Textarea id="selection-list" rows={Math.min(10, Math.max(3, selection.mode === 'list' ? selection.repositories.length : 3))} value={list} onChange={(e) => edit(setList)(e.target.value)} />
            {selection.mode === 'list' ? <p className="text-xs text-zinc-500">{selection.repositories.length} selected</p> : null}
          </div>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1">
              <Label htmlFor="selection-namespace">Namespace</Label>
              <Select id="selection-namespace" value={namespace} onChange={(e) => edit(setNamespace)(e.target.value)}>
                {instance.namespaces.map((ns) => (
                  <option key={ns} value={ns}>
                    {ns}
                  </option>
                ))}
              </Select>
            </div>
            <div className="space-y-1">
              <Label htmlFor="selection-pattern">Name filter</Label>
              <Input id="selection-pattern" value={pattern} placeholder="empty = all; web-*, /^api-\d+$/" onChange={(e) => edit(setPattern)(e.target.value)} />
              <p className="text-xs text-zinc-500">Empty for every repository; text, a glob (web-*) or /regex/.</p>
            </div>
          </div>
        )}
        <FieldError id="selection-error" messages={errors.selection} />
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChangeEditor field="description" change={description} onChange={edit(setDescription)} showErrors={attempted} serverErrors={errors.description} />
        <ChangeEditor field="fullDescription" change={fullDescription} onChange={edit(setFullDescription)} showErrors={attempted} serverErrors={errors.fullDescription} />
      </div>
      <FieldError messages={errors.changes} />
      {formError ? (
        <Alert variant="error" title="Not done">
          <span data-testid="bulk-error">{formError}</span>
        </Alert>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={runPreview} loading={previewing} disabled={!capability.allowed} data-testid="bulk-preview-button">
          Preview
        </Button>
        {preview ? (
          <Button onClick={apply} loading={applying} disabled={willChange === 0 || !capability.allowed} data-testid="bulk-apply-button">
            Apply to {willChange} repositor{willChange === 1 ? 'y' : 'ies'}
          </Button>
        ) : null}
      </div>

      {preview ? (
        <section className="space-y-3">
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="bulk-summary">
            {preview.summary.total} repositories: <strong>{preview.summary.change} will change</strong>, {preview.summary.unchanged} unchanged
            {preview.summary.invalid > 0 ? `, ${preview.summary.invalid} excluded (over Docker Hub's limits)` : ''}.
            {preview.missing.length > 0 ? ` Not found on Docker Hub: ${preview.missing.join(', ')}.` : ''}
          </p>
          <PreviewTable preview={preview} />
        </section>
      ) : null}
    </div>
  );
}
