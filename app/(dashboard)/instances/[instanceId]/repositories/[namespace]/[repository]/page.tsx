import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { preload } from 'react-dom';
import { Suspense } from 'react';
import { BrowseProblem } from '@/components/repositories/browse-problem';
import { Breadcrumbs } from '@/components/repositories/breadcrumbs';
import { RepositoryOverview } from '@/components/repositories/repository-overview';
import { DeletableRepositoryTags } from '@/components/deletions/deletable-repository-tags';
import { Forbidden } from '@/components/shell/forbidden';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { tagsUrl } from '@/lib/queries/browse';
import type { BrowseInstanceDTO, RepositoryDetailDTO } from '@/lib/queries/browse-types';
import { getBrowseInstance, getRepositoryDetail, warmRepositoryTags } from '@/lib/services/browse';
import { getDeletionContext } from '@/lib/services/deletions';
import { GrantTeamAccessPanel } from '@/components/teams/grant-team-access-panel';
import { RepositoryDescriptionTools } from '@/components/descriptions/repository-description-tools';

type Params = { instanceId: string; namespace: string; repository: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { namespace, repository } = await params;
  return { title: `${namespace}/${repository}`.slice(0, 120) };
}

export default async function RepositoryPage({ params }: { params: Promise<Params> }) {
  const { instanceId, namespace, repository } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'repositories.view')) return <Forbidden />;
  let instance: BrowseInstanceDTO;
  try {
    instance = await getBrowseInstance(user, instanceId);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  const listHref = `/instances/${encodeURIComponent(instance.id)}/repositories`;
  const crumbs = [
    { label: 'Repositories', href: '/repositories' },
    { label: instance.name, href: listHref },
    { label: namespace, href: `${listHref}?namespace=${encodeURIComponent(namespace)}` },
    { label: repository },
  ];

  // The browser starts the tag request while it parses the HTML (fetchAllTags picks the response
  // up after hydration) and it joins the walk started below.
  preload(tagsUrl(instance.id, namespace, repository), { as: 'fetch', crossOrigin: 'anonymous' });
  // The repository read is queued first: the tag walk below fills the instance's read slots.
  const detailRead = getRepositoryDetail(user, instance.id, namespace, repository);
  // Start the tag walk now, so it runs while this page renders and the browser loads its scripts;
  // the browser's request for the tags joins it (lib/services/hub-cache single flight).
  warmRepositoryTags(user, instance.id, namespace, repository);

  let detail: RepositoryDetailDTO;
  try {
    detail = await detailRead;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const title =
      err.code === 'validation'
        ? 'This is not a valid repository address'
        : err.code === 'not_found' || err.code === 'hub_not_found'
          ? 'Repository not found'
          : 'Could not load this repository from Docker Hub';
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <BrowseProblem title={title} message={err.message} backHref={listHref} backLabel={`Back to the repositories of ${instance.name}`} />
      </>
    );
  }

  // The tags table's "Request deletion" button (deletion feature).
  const deletion = await getDeletionContext(user, instance.id);

  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={crumbs} />
        <RepositoryOverview initial={detail} />
        <RepositoryDescriptionTools instance={instance} namespace={detail.namespace} repository={detail.name} canEdit={hasPermission(user, 'descriptions.edit')} />
      </div>
      <Suspense>
        <DeletableRepositoryTags instanceId={instance.id} namespace={detail.namespace} repository={detail.name} {...deletion} />
      </Suspense>
      {hasPermission(user, 'access.manage') ? <GrantTeamAccessPanel instanceId={instance.id} namespace={detail.namespace} repository={detail.name} /> : null}
    </div>
  );
}
