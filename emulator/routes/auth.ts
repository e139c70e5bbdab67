import { randomBytes } from 'node:crypto';
import { checkSecret, issueToken } from '../auth';
import { asObject, type RequestContext } from '../context';
import { hubError, legacyError, MSG_2FA_REQUIRED, MSG_BAD_CREDENTIALS, type HandlerResult } from '../responses';

const TWO_FACTOR_TTL_MS = 5 * 60_000;

function stringField(body: Record<string, unknown> | null, key: string): string | null {
  const value = body?.[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** POST /v2/auth/token {identifier, secret} -> {access_token}; the supported exchange. */
export function createAccessToken(ctx: RequestContext): HandlerResult {
  const body = asObject(ctx.body);
  const identifier = stringField(body, 'identifier');
  const secret = stringField(body, 'secret');
  if (!identifier || !secret) {
    return hubError(400, 'identifier and secret are required', {
      fields: {
        ...(identifier ? {} : { identifier: ['This field is required.'] }),
        ...(secret ? {} : { secret: ['This field is required.'] }),
      },
    });
  }
  const check = checkSecret(ctx.rt.state, identifier, secret, ctx.now);
  if (!check.ok) {
    // A 2FA account cannot use its password here; Hub points such users at PATs.
    const message =
      check.reason === 'two_factor_required'
        ? `${MSG_BAD_CREDENTIALS}: use a personal access token`
        : MSG_BAD_CREDENTIALS;
    return hubError(401, message);
  }
  return {
    status: 200,
    body: { access_token: issueToken(ctx.rt.signer, check, ctx.now, ctx.rt.options.tokenTtlSeconds) },
  };
}

/** POST /v2/users/login {username, password} -> {token} (deprecated; no OATs; 2FA challenge for password users). */
export function usersLogin(ctx: RequestContext): HandlerResult {
  const body = asObject(ctx.body);
  const username = stringField(body, 'username');
  const password = stringField(body, 'password');
  if (!username || !password) return legacyError(400, 'username and password are required');
  if (password.startsWith('dckr_oat_')) return { status: 401, body: { detail: MSG_BAD_CREDENTIALS } };
  const check = checkSecret(ctx.rt.state, username, password, ctx.now);
  if (!check.ok) {
    if (check.reason === 'two_factor_required' && check.user) {
      const challenge = randomBytes(24).toString('base64url');
      ctx.rt.state.twoFactorChallenges.set(challenge, {
        username: check.user.username,
        expiresAt: ctx.now + TWO_FACTOR_TTL_MS,
      });
      return { status: 401, body: { detail: MSG_2FA_REQUIRED, login_2fa_token: challenge } };
    }
    return { status: 401, body: { detail: MSG_BAD_CREDENTIALS } };
  }
  const token = issueToken(ctx.rt.signer, check, ctx.now, ctx.rt.options.tokenTtlSeconds);
  return { status: 200, body: withRefresh(ctx, token) };
}

/** POST /v2/users/2fa-login {login_2fa_token, code} -> {token}. */
export function users2faLogin(ctx: RequestContext): HandlerResult {
  const body = asObject(ctx.body);
  const challenge = stringField(body, 'login_2fa_token');
  const code = stringField(body, 'code');
  if (!challenge || !code) return legacyError(400, 'login_2fa_token and code are required');
  const pending = ctx.rt.state.twoFactorChallenges.get(challenge);
  const user = pending ? ctx.rt.state.users.get(pending.username) : undefined;
  if (!pending || !user || pending.expiresAt <= ctx.now || user.twoFactorCode !== code) {
    return { status: 401, body: { detail: MSG_BAD_CREDENTIALS } };
  }
  ctx.rt.state.twoFactorChallenges.delete(challenge);
  const token = issueToken(
    ctx.rt.signer,
    { ok: true, kind: 'password', user },
    ctx.now,
    ctx.rt.options.tokenTtlSeconds,
  );
  return { status: 200, body: withRefresh(ctx, token) };
}

/** hub-tool sends ?refresh_token=true and stores the refresh token it gets back. */
function withRefresh(ctx: RequestContext, token: string): Record<string, string> {
  return ctx.query.get('refresh_token') === 'true'
    ? { token, refresh_token: randomBytes(24).toString('base64url') }
    : { token };
}
