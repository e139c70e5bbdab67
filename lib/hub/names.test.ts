import { describe, expect, it } from 'vitest';

import { HubError } from './errors';
import { assertName, nameProblem, segment } from './names';

describe('Docker name grammar', () => {
  it.each(['library', 'acme', 'a', 'my-app', 'my_app', 'my__app', 'my.app', 'a--b', 'x1'])(
    'accepts repository %s',
    (name) => {
      expect(nameProblem('repository', name)).toBeNull();
    },
  );

  it.each(['', 'Acme', '-app', 'app-', 'a..b', 'a_-b', 'a/b', 'a b', 'a%2fb', 'x'.repeat(256)])(
    'rejects repository %j',
    (name) => {
      expect(nameProblem('repository', name)).not.toBeNull();
    },
  );

  it.each(['latest', 'v1.2.3', '1.0-rc_1', 'A', '_x', 'x'.repeat(128)])('accepts tag %s', (tag) => {
    expect(nameProblem('tag', tag)).toBeNull();
  });

  it.each(['', '.hidden', '-x', 'a/b', 'a:b', 'x'.repeat(129), 'a b'])('rejects tag %j', (tag) => {
    expect(nameProblem('tag', tag)).not.toBeNull();
  });

  it('throws a validation HubError naming the field', () => {
    try {
      assertName('tag', 'bad/tag');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HubError);
      const e = err as HubError;
      expect(e.code).toBe('validation');
      expect(e.fieldErrors?.tag?.length).toBe(1);
      expect(e.message).toContain('bad/tag');
    }
  });

  it('encodes valid segments', () => {
    expect(segment('group', 'Core Team')).toBe('Core%20Team');
    expect(segment('tag', 'v1.0')).toBe('v1.0');
  });
});
