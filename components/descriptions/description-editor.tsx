'use client';

import { useState, useTransition } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { previewMarkdownAction, updateRepositoryDescriptionAction } from '@/app/actions/descriptions';
import { MarkdownHtml } from '@/components/markdown/markdown-html';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/field-error';
import { Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';
import { useToast } from '@/components/ui/toast';
import { limitProblem, usageLabel } from '@/lib/descriptions/limits';
import type { DescriptionField } from '@/lib/descriptions/types';
import { browseKeys } from '@/lib/queries/browse';
import type { RepositoryDetailDTO } from '@/lib/queries/browse-types';
import { actionMessage, descriptionKeys, fetchDescriptionEditor } from './queries';

export interface DescriptionEditorProps {
  instanceId: string;
  namespace: string;
  repository: string;
  /** capabilityFor(instance, 'writeDescriptions'): when not allowed the button is disabled with the reason. */
  capability: { allowed: boolean; reason: string | null };
}

interface Draft {
  description: string;
  fullDescription: string;
  /** The values the editor was opened with (sent as `expected`, so a concurrent edit is not overwritten). */
  base: { description: string; fullDescription: string };
}

function Counter({ field, value }: { field: DescriptionField; value: string }) {
  const usage = usageLabel(field, value);
  return (
    <span
      className={cn('text-xs tabular-nums', usage.over ? 'font-semibold text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400')}
      data-testid={field === 'description' ? 'short-counter' : 'full-counter'}
      aria-live="polite"
    >
      {usage.label}
    </span>
  );
}

/** "Edit description" on the repository page: a dialog with both fields, a live counter and a Markdown preview. */
export function DescriptionEditor({ instanceId, namespace, repository, capability }: DescriptionEditorProps) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<DescriptionField, string[]>>>({});
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [preview, setPreview] = useState<{ source: string; html: string } | null>(null);
  const [previewing, startPreview] = useTransition();
  const [saving, startSaving] = useTransition();
  const queryClient = useQueryClient();
  const toast = useToast();

  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [writeCheck, setWriteCheck] = useState<{ allowed: boolean; reason: string | null } | null>(null);

  const openEditor = () => {
    setOpen(true);
    if (draft !== null) return; // reopened after a failed save: keep the text
    setLoading(true);
    setLoadError(null);
    queryClient
      .fetchQuery({
        queryKey: descriptionKeys.editor(instanceId, namespace, repository),
        queryFn: ({ signal }) => fetchDescriptionEditor(instanceId, namespace, repository, signal),
        staleTime: 0,
      })
      .then((data) => {
        const base = { description: data.description, fullDescription: data.fullDescription };
        setDraft({ ...base, base });
        setWriteCheck(data.capability);
      })
      .catch((err: unknown) => setLoadError(err instanceof Error ? err.message : 'Something went wrong.'))
      .finally(() => setLoading(false));
  };

  const close = () => {
    setOpen(false);
    setDraft(null);
    setError(null);
    setFieldErrors({});
    setTab('write');
    setPreview(null);
  };

  const shortProblem = draft ? limitProblem('description', draft.description) : null;
  const fullProblem = draft ? limitProblem('fullDescription', draft.fullDescription) : null;
  const dirty = draft !== null && (draft.description !== draft.base.description || draft.fullDescription !== draft.base.fullDescription);
  const writeAllowed = capability.allowed && (writeCheck?.allowed ?? true);
  const writeReason = capability.reason ?? writeCheck?.reason ?? null;

  const showPreview = () => {
    setTab('preview');
    if (!draft || preview?.source === draft.fullDescription) return;
    const source = draft.fullDescription;
    startPreview(async () => {
      const result = await previewMarkdownAction({ markdown: source });
      if (result?.data) setPreview({ source, html: result.data.html });
      else setError(actionMessage(result, 'The preview could not be rendered.'));
    });
  };

  const save = () => {
    if (!draft || shortProblem || fullProblem) return;
    const sent = draft;
    const input = {
      instanceId,
      namespace,
      repository,
      ...(sent.description !== sent.base.description ? { description: sent.description } : {}),
      ...(sent.fullDescription !== sent.base.fullDescription ? { fullDescription: sent.fullDescription } : {}),
      expected: sent.base,
    };
    // Optimistic: the page shows the new text at once; it is put back if Hub refuses.
    const repoKey = browseKeys.repository(instanceId, namespace, repository);
    const previous = queryClient.getQueryData<RepositoryDetailDTO>(repoKey);
    if (previous) {
      const html = preview?.source === sent.fullDescription ? preview.html : previous.fullDescriptionHtml;
      queryClient.setQueryData<RepositoryDetailDTO>(repoKey, {
        ...previous,
        description: sent.description,
        ...(input.fullDescription !== undefined ? { fullDescriptionHtml: html, hasFullDescription: sent.fullDescription.trim() !== '' } : {}),
      });
    }
    setOpen(false);
    startSaving(async () => {
      const result = await updateRepositoryDescriptionAction(input);
      if (result?.data) {
        toast({
          title: result.data.changed.length === 0 ? 'Nothing changed' : 'Description saved',
          description: result.data.changed.length === 0 ? 'Docker Hub already had this text.' : `${namespace}/${repository} was updated on Docker Hub.`,
          variant: 'success',
        });
        setDraft(null);
        setPreview(null);
        setError(null);
        setFieldErrors({});
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: repoKey }),
          queryClient.invalidateQueries({ queryKey: descriptionKeys.history(instanceId, namespace, repository) }),
        ]);
        return;
      }
      // Roll back and reopen the editor with the text and the reason.
      if (previous) queryClient.setQueryData(repoKey, previous);
      setFieldErrors((result?.validationErrors?.fieldErrors as Partial<Record<DescriptionField, string[]>> | undefined) ?? {});
      setError(actionMessage(result, 'The description was not saved.'));
      setOpen(true);
      toast({ title: 'Description not saved', description: actionMessage(result, 'The description was not saved.'), variant: 'error' });
    });
  };

  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        size="sm"
        onClick={openEditor}
        disabled={!capability.allowed}
        loading={saving}
        title={capability.allowed ? undefined : (capability.reason ?? undefined)}
        data-testid="edit-description"
      >
        Edit description
      </Button>
      {!capability.allowed && capability.reason ? (
        <p className="max-w-xs text-right text-xs text-zinc-500 dark:text-zinc-400" data-testid="edit-description-disabled-reason">
          {capability.reason}
        </p>
      ) : null}
      <Dialog
        open={open}
        onClose={close}
        title={`Edit description — ${namespace}/${repository}`}
        description="Changes are saved to Docker Hub. The full description is Markdown, rendered the same way as on this page."
        className="max-w-3xl"
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button onClick={save} disabled={!draft || !dirty || Boolean(shortProblem) || Boolean(fullProblem) || !writeAllowed} data-testid="save-description">
              Save
            </Button>
          </>
        }
      >
        {loadError !== null && draft === null ? (
          <Alert variant="error" title="Could not read the current description">
            <span data-testid="description-load-error">{loadError}</span>
          </Alert>
        ) : draft === null || loading ? (
          <div className="flex items-center gap-2 text-sm text-zinc-500">
            <Spinner className="size-4" /> Reading the current description from Docker Hub…
          </div>
        ) : (
          <div className="space-y-5">
            {error ? (
              <Alert variant="error" title="Not saved">
                <span data-testid="description-error">{error}</span>
              </Alert>
            ) : null}
            {!writeAllowed && writeReason ? <Alert variant="warning">{writeReason}</Alert> : null}
            <div className="space-y-1.5">
              <div className="flex items-baseline justify-between">
                <Label htmlFor="short-description">Short description</Label>
                <Counter field="description" value={draft.description} />
              </div>
              <Input
                id="short-description"
                value={draft.description}
                onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                aria-invalid={shortProblem ? true : undefined}
                aria-describedby="short-description-error"
              />
              <FieldError id="short-description-error" messages={shortProblem ?? fieldErrors.description} />
            </div>
            <div className="space-y-1.5">
              <div className="flex items-baseline justify-between">
                <Label htmlFor="full-description">Full description (Markdown)</Label>
                <Counter field="fullDescription" value={draft.fullDescription} />
              </div>
              <div role="tablist" className="flex gap-1 text-sm">
                <button
                  type="button"
                  role="tab"
                  aria-selected={tab === 'write'}
                  onClick={() => setTab('write')}
                  className={cn('rounded-md px-3 py-1', tab === 'write' ? 'bg-zinc-100 font-medium dark:bg-zinc-800' : 'text-zinc-500')}
                >
                  Write
                </button>
                <button
                  type="button"
                  role="tab"
                  aria-selected={tab === 'preview'}
                  onClick={showPreview}
                  className={cn('rounded-md px-3 py-1', tab === 'preview' ? 'bg-zinc-100 font-medium dark:bg-zinc-800' : 'text-zinc-500')}
                  data-testid="preview-tab"
                >
                  Preview
                </button>
              </div>
              {tab === 'write' ? (
                <Textarea
                  id="full-description"
                  value={draft.fullDescription}
                  onChange={(e) => setDraft({ ...draft, fullDescription: e.target.value })}
                  rows={16}
                  className="font-mono text-xs"
                  aria-invalid={fullProblem ? true : undefined}
                  aria-describedby="full-description-error"
                />
              ) : (
                <div className="min-h-40 rounded-md p-3 ring-1 ring-zinc-200 dark:ring-zinc-800" data-testid="markdown-preview">
                  {previewing || preview?.source !== draft.fullDescription ? (
                    <span className="flex items-center gap-2 text-sm text-zinc-500">
                      <Spinner className="size-4" /> Rendering…
                    </span>
                  ) : draft.fullDescription.trim() === '' ? (
                    <p className="text-sm text-zinc-500">Nothing to preview.</p>
                  ) : (
                    <MarkdownHtml html={preview.html} />
                  )}
                </div>
              )}
              <FieldError id="full-description-error" messages={fullProblem ?? fieldErrors.fullDescription} />
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
