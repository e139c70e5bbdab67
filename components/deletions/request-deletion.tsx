'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createDeletionRequestAction, previewDeletionAction } from '@/app/actions/deletions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { useToast } from '@/components/ui/toast';
import type { DeletionPreviewDTO } from '@/lib/services/deletions/types';
import type { TagRow } from '@/lib/tags/types';
import { REASON_MAX } from '@/lib/validations/deletions';
import { actionError, deletionKeys } from './queries';
import { SafetySummaryView } from './safety-summary';

export interface RequestDeletionButtonProps {
  instanceId: string;
  namespace: string;
  repository: string;
  selected: TagRow[];
  /** Called after a request was created (e.g. to clear the table's selection). */
  onRequested?: (requestId: string, tags: string[]) => void;
  /** Why the viewer cannot request (no permission, token cannot delete); null when they can. */
  disabledReason?: string | null;
}

/** "Request deletion" for the tags table toolbar: safety summary from the server, reason, submit. */
export function RequestDeletionButton({ instanceId, namespace, repository, selected, onRequested, disabledReason = null }: RequestDeletionButtonProps) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<DeletionPreviewDTO | null>(null);
  const [loading, setLoading] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [created, setCreated] = useState<{ id: string; tagCount: number } | null>(null);
  const toast = useToast();
  const queryClient = useQueryClient();
  const count = selected.length;

  const items = selected.map((t) => ({ namespace, repository, tag: t.name }));

  const start = async () => {
    setOpen(true);
    setPreview(null);
    setError(null);
    setReasonError(null);
    setCreated(null);
    setLoading(true);
    try {
      const result = await previewDeletionAction({ instanceId, items });
      const problem = actionError(result);
      if (problem !== null || !result?.data) setError(problem ?? 'Could not check the selection.');
      else setPreview(result.data);
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setLoading(false);
    }
  };

  const requestable = preview?.summary.requestable.map((t) => t.tag) ?? [];

  const submit = async () => {
    if (reason.trim() === '') {
      setReasonError('Give a reason for deleting these tags.');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const result = await createDeletionRequestAction({
        instanceId,
        items: requestable.map((tag) => ({ namespace, repository, tag })),
        reason,
      });
      const problem = actionError(result);
      if (problem !== null || !result?.data) {
        const fieldReason = result?.validationErrors?.fieldErrors?.reason?.[0];
        if (fieldReason) setReasonError(fieldReason);
        else setError(problem ?? 'The request was not created.');
        return;
      }
      setCreated({ id: result.data.id, tagCount: result.data.tagCount });
      await queryClient.invalidateQueries({ queryKey: deletionKeys.all });
      toast({ title: 'Deletion requested', description: `${result.data.tagCount} tag${result.data.tagCount === 1 ? '' : 's'} of ${namespace}/${repository} wait for an approver.`, variant: 'success' });
      onRequested?.(result.data.id, requestable);
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setSubmitting(false);
    }
  };

  const close = () => {
    setOpen(false);
    if (created) setReason('');
  };

  return (
    <>
      <Button
        variant="danger"
        size="sm"
        disabled={count === 0 || disabledReason !== null}
        title={disabledReason ?? (count === 0 ? 'Select tags to delete first.' : undefined)}
        onClick={() => void start()}
        data-testid="request-deletion"
      >
        Request deletion{count > 0 ? ` (${count})` : ''}
      </Button>
      <Dialog
        open={open}
        onClose={close}
        className="max-w-3xl"
        title={`Request deletion from ${namespace}/${repository}`}
        description="Nothing is deleted until an approver approves the request. Hubkeeper checks each tag again right before deleting it."
        footer={
          created ? (
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
          ) : (
            <>
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => void submit()} loading={submitting} disabled={loading || requestable.length === 0 || preview?.capabilityProblem != null} data-testid="submit-deletion-request">
                {requestable.length > 0 ? `Request deletion of ${requestable.length} tag${requestable.length === 1 ? '' : 's'}` : 'Nothing to request'}
              </Button>
            </>
          )
        }
      >
        {created ? (
          <Alert variant="success" title="Request created">
            {created.tagCount} tag{created.tagCount === 1 ? '' : 's'} wait for approval.{' '}
            <Link href={`/requests/${created.id}`} className="font-medium underline" data-testid="created-request-link">
              Open the request
            </Link>
          </Alert>
        ) : loading ? (
          <div className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <Spinner className="size-4" /> Checking the selected tags against Docker Hub…
          </div>
        ) : (
          <div className="space-y-4">
            {error ? <Alert variant="error">{error}</Alert> : null}
            {preview?.capabilityProblem ? <Alert variant="error" title="This instance cannot delete tags">{preview.capabilityProblem}</Alert> : null}
            {preview ? <SafetySummaryView summary={preview.summary} /> : null}
            {preview && requestable.length > 0 ? (
              <Field id="deletion-reason" label="Reason" hint="Approvers see this. Required." error={reasonError}>
                {(p) => (
                  <Textarea
                    {...p}
                    value={reason}
                    maxLength={REASON_MAX}
                    onChange={(e) => {
                      setReason(e.target.value);
                      setReasonError(null);
                    }}
                    placeholder="e.g. Old release candidates, superseded by v2"
                  />
                )}
              </Field>
            ) : null}
          </div>
        )}
      </Dialog>
    </>
  );
}
