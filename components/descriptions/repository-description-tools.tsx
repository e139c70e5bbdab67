'use client';

import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { descriptionUrls } from '@/lib/descriptions/dto';
import { capabilityFor, type InstanceCapabilities } from '@/lib/services/capabilities';
import { DescriptionEditor } from './description-editor';
import { DescriptionHistory } from './description-history';

export interface RepositoryDescriptionToolsProps {
  instance: { id: string; capabilities: InstanceCapabilities | null; status: string };
  namespace: string;
  repository: string;
  /** hasPermission(user, 'descriptions.edit'), decided on the server. Without it no editor is offered. */
  canEdit: boolean;
}

/** The "Edit description" entry point for the repository page header (nothing for people who may not edit). */
export function EditDescriptionButton({ instance, namespace, repository, canEdit }: RepositoryDescriptionToolsProps) {
  if (!canEdit) return null;
  const capability = capabilityFor({ capabilities: instance.capabilities, status: instance.status }, 'writeDescriptions');
  return (
    <div className="flex items-start gap-2">
      <Link href={descriptionUrls.bulkPage(instance.id, [`${namespace}/${repository}`])} className={buttonClasses('ghost', 'sm')}>
        Bulk edit…
      </Link>
      <DescriptionEditor instanceId={instance.id} namespace={namespace} repository={repository} capability={capability} />
    </div>
  );
}

/** The history panel for the repository page (everyone who can see the repository). */
export function DescriptionHistoryPanel({ instance, namespace, repository }: Omit<RepositoryDescriptionToolsProps, 'canEdit'>) {
  return <DescriptionHistory instanceId={instance.id} namespace={namespace} repository={repository} />;
}

/** Both together, for a one-line mount on the repository page. */
export function RepositoryDescriptionTools(props: RepositoryDescriptionToolsProps) {
  return (
    <div className="mt-4 space-y-3">
      <div className="flex justify-end">
        <EditDescriptionButton {...props} />
      </div>
      <DescriptionHistoryPanel instance={props.instance} namespace={props.namespace} repository={props.repository} />
    </div>
  );
}
