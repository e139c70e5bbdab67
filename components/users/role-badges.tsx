import { Badge, type BadgeVariant } from '@/components/ui/badge';
import { ROLE_LABELS, type RoleName } from '@/lib/auth/permissions';

const ROLE_VARIANT: Record<RoleName, BadgeVariant> = { ADMIN: 'accent', APPROVER: 'info', VIEWER: 'neutral' };

export function RoleBadges({ roles }: { roles: readonly RoleName[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((r) => (
        <Badge key={r} variant={ROLE_VARIANT[r]}>
          {ROLE_LABELS[r]}
        </Badge>
      ))}
    </span>
  );
}
