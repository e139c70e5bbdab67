const HINT_CHARS = 4;
// Below this length the last 4 characters would give away too much of the token.
const MIN_TOKEN_LENGTH_FOR_HINT = 12;

/**
 * The last 4 characters of a token, so people can recognise which token is stored.
 * Tokens shorter than 12 characters get an empty hint.
 */
export function secretHint(token: string): string {
  const chars = Array.from(token);
  if (chars.length < MIN_TOKEN_LENGTH_FOR_HINT) return '';
  return chars.slice(-HINT_CHARS).join('');
}
