import 'server-only';

import { localValidationError } from './errors';

// Docker reference grammar (distribution/reference): path-component := alnum (separator alnum)*,
// separator := [._] | __ | [-]+ ; lowercase only. Hub namespaces and repositories follow it.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
// tag := [\w][\w.-]{0,127}
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// Team (group) names are less strictly documented; refuse only what could break the URL.
const GROUP = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/;

export type NameKind = 'namespace' | 'repository' | 'tag' | 'username' | 'organization' | 'group';

/** Returns the reason `value` is not a valid Docker Hub `kind` name, or null when it is valid. */
export function nameProblem(kind: NameKind, value: string): string | null {
  switch (kind) {
    case 'namespace':
    case 'username':
    case 'organization':
    case 'repository':
      if (value.length === 0 || value.length > 255) return 'must be 1 to 255 characters long';
      return PATH_COMPONENT.test(value)
        ? null
        : 'may contain only lowercase letters, digits and single separators (., _, __, -) between them';
    case 'tag':
      return TAG.test(value)
        ? null
        : 'must be 1 to 128 characters of letters, digits, _, . and -, not starting with . or -';
    case 'group':
      return GROUP.test(value)
        ? null
        : 'must be 1 to 100 characters of letters, digits, spaces, _, . and -, starting with a letter or digit';
  }
}

/** Throws a 'validation' HubError (before any request is made) when `value` is not a valid name. */
export function assertName(kind: NameKind, value: string): void {
  const problem = nameProblem(kind, value);
  if (problem !== null) {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw localValidationError(kind, `"${shown}" is not a valid Docker Hub ${kind} name: it ${problem}.`);
  }
}

/** Validates and URL-encodes one path segment. */
export function segment(kind: NameKind, value: string): string {
  assertName(kind, value);
  return encodeURIComponent(value);
}
