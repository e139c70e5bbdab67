import { THEME_SCRIPT } from './theme';

/** Inline no-flash theme script; carries this request's CSP nonce. */
export function ThemeScript({ nonce }: { nonce?: string }) {
  // Browsers hide a nonce attribute from the DOM after parsing, hence suppressHydrationWarning.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
