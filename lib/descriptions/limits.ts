// Docker Hub's limits on repository descriptions (hub-api-notes §3.4). Pure and client-safe.
//
// Hub documents "100 characters" for the short description and "25,000 bytes" for the README, and
// implementations disagree on how they count (UTF-16 units, code points, UTF-8 bytes). We check
// the strictest reading of each so a value we accept is never refused by Hub.

import type { DescriptionField, DescriptionValues } from './types';

export const SHORT_DESCRIPTION_MAX = 100;
export const FULL_DESCRIPTION_MAX_BYTES = 25_000;

/** UTF-8 length of `text` in bytes (works in browsers and Node). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Characters as Hub's short-description limit counts them (UTF-16 units: the stricter count). */
export function shortDescriptionLength(text: string): number {
  return text.length;
}

export interface LimitViolation {
  field: DescriptionField;
  message: string;
}

/** Why `value` cannot be saved as `field` on Hub, or null when it fits. */
export function limitProblem(field: DescriptionField, value: string): string | null {
  if (field === 'description') {
    const length = shortDescriptionLength(value);
    if (length > SHORT_DESCRIPTION_MAX) {
      return `The short description would be ${length} characters; Docker Hub allows at most ${SHORT_DESCRIPTION_MAX}.`;
    }
    return null;
  }
  const bytes = utf8Length(value);
  if (bytes > FULL_DESCRIPTION_MAX_BYTES) {
    return `The full description would be ${bytes.toLocaleString('en-US')} bytes; Docker Hub allows at most ${FULL_DESCRIPTION_MAX_BYTES.toLocaleString('en-US')}.`;
  }
  return null;
}

/** Every limit the given (partial) values break. */
export function checkLimits(values: Partial<DescriptionValues>): LimitViolation[] {
  const out: LimitViolation[] = [];
  for (const field of ['description', 'fullDescription'] as const) {
    const value = values[field];
    if (value === undefined || value === null) continue;
    const problem = limitProblem(field, value);
    if (problem !== null) out.push({ field, message: problem });
  }
  return out;
}

/** Counter text for an editor, e.g. "87 / 100" or "1,204 / 25,000 bytes". */
export function usageLabel(field: DescriptionField, value: string): { used: number; max: number; over: boolean; label: string } {
  if (field === 'description') {
    const used = shortDescriptionLength(value);
    return { used, max: SHORT_DESCRIPTION_MAX, over: used > SHORT_DESCRIPTION_MAX, label: `${used} / ${SHORT_DESCRIPTION_MAX}` };
  }
  const used = utf8Length(value);
  return {
    used,
    max: FULL_DESCRIPTION_MAX_BYTES,
    over: used > FULL_DESCRIPTION_MAX_BYTES,
    label: `${used.toLocaleString('en-US')} / ${FULL_DESCRIPTION_MAX_BYTES.toLocaleString('en-US')} bytes`,
  };
}
