'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { FieldError } from '@/components/ui/field-error';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type RoleName } from '@/lib/auth/permissions';

/** Role picker (a person may hold several roles). */
export function RoleCheckboxes({
  idPrefix,
  value,
  onChange,
  error,
  disabled,
}: {
  idPrefix: string;
  value: RoleName[];
  onChange: (roles: RoleName[]) => void;
  error?: readonly string[];
  disabled?: boolean;
}) {
  return (
    <fieldset aria-describedby={error?.length ? `${idPrefix}-roles-error` : undefined}>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Roles</legend>
      <div className="mt-2 space-y-2.5">
        {ROLES.map((role) => (
          <Checkbox
            key={role}
            id={`${idPrefix}-role-${role}`}
            name="roles"
            value={role}
            label={ROLE_LABELS[role]}
            description={ROLE_DESCRIPTIONS[role]}
            checked={value.includes(role)}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
        ))}
      </div>
      <FieldError id={`${idPrefix}-roles-error`} messages={error} />
    </fieldset>
  );
}
