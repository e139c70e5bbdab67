'use client';

import { RepositoryTags } from '@/components/tags/repository-tags';
import { Badge } from '@/components/ui/badge';
import { globToRegExp } from '@/lib/tags/name-filter';
import type { TagRow } from '@/lib/tags/types';
import { RequestDeletionButton } from './request-deletion';

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const tests = patterns
    .filter((p) => p.trim() !== '')
    .map((p) => {
      try {
        const re = globToRegExp(p.trim());
        return (name: string) => re.test(name);
      } catch {
        return (name: string) => name === p.trim();
      }
    });
  return (name) => tests.some((t) => t(name));
}

/**
 * The repository page's tags section with the deletion feature's "Request deletion" button in the
 * table toolbar and a "protected" marker on tags matching the instance's protected patterns.
 */
export function DeletableRepositoryTags({
  instanceId,
  namespace,
  repository,
  canRequest,
  disabledReason,
  protectedPatterns,
}: {
  instanceId: string;
  namespace: string;
  repository: string;
  /** The viewer holds `deletions.request` (viewers and approvers get no button). */
  canRequest: boolean;
  /** Why the instance cannot delete (token scope), shown on the disabled button. */
  disabledReason: string | null;
  protectedPatterns: readonly string[];
}) {
  const isProtected = matcher(protectedPatterns);
  return (
    <RepositoryTags
      instanceId={instanceId}
      namespace={namespace}
      repository={repository}
      renderNameExtra={(tag: TagRow) =>
        isProtected(tag.name) ? (
          <Badge variant="neutral" title="Protected: it cannot be requested for deletion" data-testid="protected-tag">
            protected
          </Badge>
        ) : null
      }
      {...(canRequest
        ? {
            toolbar: (ctx) => (
              <RequestDeletionButton
                instanceId={instanceId}
                namespace={namespace}
                repository={repository}
                selected={ctx.selected}
                disabledReason={disabledReason}
                onRequested={() => ctx.clearSelection()}
              />
            ),
          }
        : {})}
    />
  );
}
