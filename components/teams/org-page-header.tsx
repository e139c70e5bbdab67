// Heading shared by the Teams, Members and Hub audit pages of an instance.
import { PageHeader } from '@/components/ui/page-header';
import { OrgTabs, type OrgTab } from './org-tabs';

const TITLES: Record<OrgTab, string> = { teams: 'Teams', members: 'Members', 'hub-audit': 'Docker Hub audit log' };
const DESCRIPTIONS: Record<OrgTab, string> = {
  teams: "The organization's teams (Docker Hub groups) and their members. Read-only.",
  members: "The organization's members with their roles and teams. Read-only.",
  'hub-audit': "Docker Hub's own record of pushes, deletes and settings changes, beside Hubkeeper's audit log.",
};

export function OrgPageHeader({
  instance,
  tab,
  org,
}: {
  instance: { id: string; name: string; kind: 'PAT' | 'OAT' };
  tab: OrgTab;
  org?: string | undefined;
}) {
  return (
    <>
      <PageHeader
        title={`${TITLES[tab]} · ${instance.name}`}
        description={
          <>
            {DESCRIPTIONS[tab]}{' '}
            {instance.kind === 'PAT'
              ? 'Docker Hub only answers these with an organization access token (OAT); this instance has a personal access token, so an OAT instance of the same organization is used when there is one.'
              : null}
          </>
        }
      />
      <OrgTabs instanceId={instance.id} active={tab} org={org} />
    </>
  );
}
