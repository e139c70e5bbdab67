import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from './callback-url';

describe('safeCallbackUrl', () => {
  it('keeps same-origin paths with query and hash', () => {
    expect(safeCallbackUrl('/users')).toBe('/users');
    expect(safeCallbackUrl('/instances/abc/repositories?q=web#top')).toBe('/instances/abc/repositories?q=web#top');
  });

  it('rejects other origins and tricks that browsers treat as other origins', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'users',
      '/x\u0000y',
      '',
    ]) {
      expect(safeCallbackUrl(bad), bad).toBe('/instances');
    }
  });

  it('never sends people back to the sign-in or setup pages or to an API', () => {
    expect(safeCallbackUrl('/login')).toBe('/instances');
    expect(safeCallbackUrl('/login?callbackUrl=/x')).toBe('/instances');
    expect(safeCallbackUrl('/setup')).toBe('/instances');
    expect(safeCallbackUrl('/api/auth/signout')).toBe('/instances');
  });

  it('uses the given fallback and ignores non-strings', () => {
    expect(safeCallbackUrl(undefined, '/audit')).toBe('/audit');
    expect(safeCallbackUrl(['/users'], '')).toBe('');
  });
});
