import { describe, expect, it } from 'vitest';
import { capabilitiesFromClaims, capabilityFor, capabilityList, parseCapabilities } from './capabilities';

const pat = (scope: string | null) => capabilitiesFromClaims({ scope, sourceKind: 'pat' }, 'PAT');

describe('capabilitiesFromClaims', () => {
  it.each([
    ['repo:admin', ['readPublic', 'readPrivate', 'writeDescriptions', 'deleteTags'], 'Read, Write & Delete'],
    ['repo:write', ['readPublic', 'readPrivate'], 'Read & Write'],
    ['repo:read', ['readPublic', 'readPrivate'], 'Read-only'],
    ['repo:public_read', ['readPublic'], 'Public Repo Read-only'],
  ])('maps PAT scope %s', (scope, caps, label) => {
    const c = pat(scope);
    expect(capabilityList(c)).toEqual(caps);
    expect(c.accessLabel).toBe(label);
  });

  it('uses the highest of several scopes', () => {
    expect(pat('repo:read repo:admin').deleteTags).toBe(true);
  });

  it('gives OATs read access only, private repositories only with repository-list', () => {
    const full = capabilitiesFromClaims({ scope: 'scope-repository-list scope-image-pull', sourceKind: 'oat' }, 'OAT');
    expect(capabilityList(full)).toEqual(['readPublic', 'readPrivate']);
    const pull = capabilitiesFromClaims({ scope: 'scope-image-pull', sourceKind: 'oat' }, 'OAT');
    expect(capabilityList(pull)).toEqual(['readPublic']);
  });

  it('treats a PAT without a scope claim as a legacy full-access PAT', () => {
    expect(capabilityList(pat(null))).toHaveLength(4);
  });
});

describe('capabilityFor', () => {
  it('explains what a read-only PAT cannot do', () => {
    expect(capabilityFor({ capabilities: pat('repo:read') }, 'deleteTags')).toEqual({
      allowed: false,
      reason: 'This PAT is Read-only; deleting tags needs Read, Write & Delete.',
    });
    expect(capabilityFor({ capabilities: pat('repo:write') }, 'writeDescriptions').reason).toBe(
      'This PAT is Read & Write; editing descriptions needs Read, Write & Delete.',
    );
    expect(capabilityFor({ capabilities: pat('repo:public_read') }, 'readPrivate').reason).toBe(
      'This PAT is Public Repo Read-only; reading private repositories needs Read-only or higher.',
    );
  });

  it('allows what the scope grants', () => {
    expect(capabilityFor({ capabilities: pat('repo:admin'), status: 'ok' }, 'deleteTags')).toEqual({ allowed: true, reason: null });
  });

  it('refuses when the token was rejected or never checked', () => {
    expect(capabilityFor({ capabilities: pat('repo:admin'), status: 'invalid_credentials' }, 'deleteTags').allowed).toBe(false);
    expect(capabilityFor({ capabilities: null }, 'readPrivate').reason).toContain('has not been checked yet');
  });

  it('explains that Hub refuses OATs for writes', () => {
    const oat = capabilitiesFromClaims({ scope: 'scope-repository-list', sourceKind: 'oat' }, 'OAT');
    expect(capabilityFor({ capabilities: oat }, 'deleteTags').reason).toContain('does not accept organization access tokens');
  });
});

describe('parseCapabilities', () => {
  it('round-trips and rejects junk', () => {
    const c = pat('repo:write');
    expect(parseCapabilities(JSON.parse(JSON.stringify(c)))).toEqual(c);
    expect(parseCapabilities(null)).toBeNull();
    expect(parseCapabilities('x')).toBeNull();
  });
});
