// Heading shared by the Teams, Members and Hub audit pages of an instance.
import { PageHeader } from '@/components/ui/page-header';
// The instance layout's tab bar links Teams, Members and the Hub audit log.
export type OrgTab = 'teams' | 'members' | 'hub-audit';

const TITLES: Record<OrgTab, string> = { teams: 'Teams', members: 'Members', 'hub-audit': 'Docker Hub audit log' };
const DESCRIPTIONS: Record<OrgTab, string> = {
  teams: "The organization's teams (Docker Hub groups) and their members. Read-only.",
  members: "The organization's members with their roles and teams. Read-only.",
  'hub-audit': "Docker Hub's own record of pushes, deletes and settings changes, beside Hubkeeper's audit log.",
};

export function OrgPageHeader({
  instance,
  tab,
}: {
  instance: { id: string; name: string; kind: 'PAT' | 'OAT' };
  tab: OrgTab;
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
    </>
  );
}
