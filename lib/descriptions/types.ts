// Shapes shared by the description editors, the bulk preview, the job and the history.
// Pure and client-safe.

/** The two descriptions Hub keeps per repository. `fullDescription` is the README (Markdown). */
export type DescriptionField = 'description' | 'fullDescription';

export const DESCRIPTION_FIELDS: readonly DescriptionField[] = ['description', 'fullDescription'];

export const FIELD_LABELS: Record<DescriptionField, string> = {
  description: 'Short description',
  fullDescription: 'Full description',
};

/** A repository's descriptions. `fullDescription` is null when it was not read (list endpoints omit it). */
export interface DescriptionValues {
  description: string;
  fullDescription: string | null;
}

/** The fields a write changes (absent = left alone). */
export type DescriptionPatch = Partial<Record<DescriptionField, string>>;

/** What the template and the transforms may know about a repository. */
export interface RepoDescriptionContext extends DescriptionValues {
  namespace: string;
  name: string;
}

/** One change applied to one field of many repositories. */
export type DescriptionChange =
  | { kind: 'keep' }
  | { kind: 'set'; value: string }
  | { kind: 'replace'; find: string; replace: string; regex: boolean; caseSensitive: boolean }
  | { kind: 'prepend'; text: string }
  | { kind: 'append'; text: string }
  | { kind: 'template'; template: string };

export type DescriptionChangeKind = DescriptionChange['kind'];

/** Which repositories a bulk edit covers. */
export type RepoSelection =
  /** Explicit "namespace/name" list (from a table selection or `?repos=`). */
  | { mode: 'list'; repositories: string[] }
  /** Every repository of `namespace` whose name matches `pattern` (substring, glob, /regex/; empty = all). */
  | { mode: 'filter'; namespace: string; pattern: string };

/** A bulk edit as the user specified it (stored on the job as `spec`). */
export interface BulkDescriptionSpec {
  selection: RepoSelection;
  description: DescriptionChange;
  fullDescription: DescriptionChange;
}

export type PreviewOutcome = 'change' | 'unchanged' | 'invalid';

/** One repository in the bulk preview. */
export interface PreviewRow {
  namespace: string;
  name: string;
  before: DescriptionValues;
  /** Only the fields that change. */
  after: DescriptionPatch;
  outcome: PreviewOutcome;
  /** Limits the new values break (outcome 'invalid': excluded from the job). */
  problems: { field: DescriptionField; message: string }[];
}
