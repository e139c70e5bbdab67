// Client-safe auth messages.

/** The one message shown for every refused sign-in, so a refusal never reveals why. */
export const SIGN_IN_ERROR_MESSAGE =
  'Email or password is incorrect, or the account is temporarily locked. Try again in a few minutes.';
