// Status, token hint and capability badges for instances. Server- and client-renderable.
import { Badge, type BadgeVariant } from '@/components/ui/badge';
import {
  CAPABILITY_LABELS,
  capabilityNote,
  type CapabilityName,
  type InstanceCapabilities,
} from '@/lib/services/capabilities';

export type InstanceStatus = 'ok' | 'invalid_credentials' | 'unreachable' | 'unchecked';

const STATUS: Record<InstanceStatus, { label: string; variant: BadgeVariant }> = {
  ok: { label: 'OK', variant: 'success' },
  invalid_credentials: { label: 'Invalid credentials', variant: 'danger' },
  unreachable: { label: 'Unreachable', variant: 'warning' },
  unchecked: { label: 'Not checked', variant: 'neutral' },
};

export function StatusBadge({ status, title }: { status: InstanceStatus; title?: string | null }) {
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} title={title ?? undefined} data-testid="instance-status" data-status={status}>
      {s.label}
    </Badge>
  );
}

/** The last 4 characters of the token behind dots; the token itself never reaches the browser. */
export function SecretHint({ hint }: { hint: string }) {
  return (
    <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400" data-testid="secret-hint" aria-label={hint ? `Token ending in ${hint}` : 'Token'}>
      {'••••'}
      {hint}
    </span>
  );
}

const ORDER: CapabilityName[] = ['readPublic', 'readPrivate', 'writeDescriptions', 'deleteTags'];

/** One badge per capability; missing ones are struck through when `showMissing`. */
export function CapabilityBadges({ capabilities, showMissing = false }: { capabilities: InstanceCapabilities | null; showMissing?: boolean }) {
  if (capabilities === null) {
    return (
      <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="capabilities-unknown">
        Unknown until checked
      </span>
    );
  }
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Capabilities" data-testid="capabilities">
      {ORDER.filter((c) => showMissing || capabilities[c]).map((c) => {
        const has = capabilities[c];
        const note = has ? null : capabilityNote(capabilities, c);
        return (
          <li key={c}>
            <Badge
              variant={has ? 'accent' : 'neutral'}
              className={has ? undefined : 'line-through opacity-70'}
              title={note ?? (has ? undefined : 'Not allowed by this token')}
              data-capability={c}
              data-allowed={has ? 'true' : 'false'}
            >
              {CAPABILITY_LABELS[c]}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
