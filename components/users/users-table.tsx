'use client';

import { useState, useTransition } from 'react';
import { setUserActiveAction } from '@/app/actions/users';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import type { RoleName } from '@/lib/auth/permissions';
import { EditRolesDialog } from './edit-roles-dialog';
import { RoleBadges } from './role-badges';

export interface UserRowData {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
  active: boolean;
  lastSignInAt: string | null;
  lockedUntil: string | null;
}

function StatusBadge({ user }: { user: UserRowData }) {
  if (!user.active) return <Badge variant="danger">Deactivated</Badge>;
  if (user.lockedUntil) return <Badge variant="warning">Locked</Badge>;
  return <Badge variant="success">Active</Badge>;
}

function ConfirmActiveDialog({ user, onClose }: { user: UserRowData | null; onClose: () => void }) {
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const deactivating = user?.active ?? true;

  function close() {
    setError(null);
    onClose();
  }

  function confirm() {
    if (!user) return;
    startTransition(async () => {
      const result = await setUserActiveAction({ userId: user.id, active: !user.active });
      if (result?.data) {
        toast({
          title: deactivating ? 'User deactivated' : 'User reactivated',
          description: user.email,
          variant: 'success',
        });
        close();
      } else {
        setError(result?.serverError ?? result?.validationErrors?.formErrors?.[0] ?? 'The change was not saved.');
      }
    });
  }

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={deactivating ? 'Deactivate user?' : 'Reactivate user?'}
      description={user ? `${user.name} · ${user.email}` : undefined}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button variant={deactivating ? 'danger' : 'primary'} onClick={confirm} loading={pending}>
            {deactivating ? 'Deactivate' : 'Reactivate'}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-zinc-700 dark:text-zinc-300">
        {error ? <Alert variant="error">{error}</Alert> : null}
        <p>
          {deactivating
            ? 'They are signed out on their next request and cannot sign in until reactivated. Their history stays in the audit log.'
            : 'They can sign in again with their existing password.'}
        </p>
      </div>
    </Dialog>
  );
}

/** The user list with role changes and (de)activation. */
export function UsersTable({ users, currentUserId }: { users: UserRowData[]; currentUserId: string }) {
  const [editing, setEditing] = useState<UserRowData | null>(null);
  const [toggling, setToggling] = useState<UserRowData | null>(null);

  if (users.length === 0)
    return <EmptyState title="No users yet" description="Create the first user with the New user button." />;

  return (
    <>
      <Table aria-label="Users">
        <THead>
          <tr>
            <TH>User</TH>
            <TH>Roles</TH>
            <TH>Status</TH>
            <TH className="hidden md:table-cell">Last sign-in</TH>
            <TH className="text-right">
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {users.map((u) => (
            <TR key={u.id} data-testid={`user-row-${u.email}`}>
              <TD>
                <div className="font-medium text-zinc-900 dark:text-zinc-100">
                  {u.name}
                  {u.id === currentUserId ? (
                    <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span>
                  ) : null}
                </div>
                <div className="text-xs text-zinc-500 dark:text-zinc-400">{u.email}</div>
              </TD>
              <TD>
                <RoleBadges roles={u.roles} />
              </TD>
              <TD>
                <StatusBadge user={u} />
              </TD>
              <TD className="hidden text-zinc-600 md:table-cell dark:text-zinc-400">
                <LocalTime iso={u.lastSignInAt} fallback="Never" />
              </TD>
              <TD className="text-right">
                <div className="flex justify-end gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setEditing(u)}
                    aria-label={`Change roles of ${u.email}`}
                  >
                    Roles
                  </Button>
                  <Button
                    size="sm"
                    variant={u.active ? 'ghost-danger' : 'ghost'}
                    onClick={() => setToggling(u)}
                    aria-label={`${u.active ? 'Deactivate' : 'Reactivate'} ${u.email}`}
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </Button>
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <EditRolesDialog user={editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmActiveDialog user={toggling} onClose={() => setToggling(null)} />
    </>
  );
}
