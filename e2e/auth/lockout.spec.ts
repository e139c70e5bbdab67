import { expect, test } from '@playwright/test';
import { submitLogin } from '../helpers/auth';
import { userState } from '../helpers/seed';
import { E2E_SPARE_USERS, SIGN_IN_ERROR } from '../helpers/users';

const user = E2E_SPARE_USERS.lockout;

test('five wrong passwords lock the account; even the right password is then refused with the same message', async ({
  page,
}) => {
  for (let i = 1; i <= 5; i += 1) {
    await submitLogin(page, user.email, `wrong-password-${i}`);
    await expect(page.getByTestId('login-error')).toHaveText(SIGN_IN_ERROR);
  }
  const state = await userState(user.email);
  expect(state?.failedSignIns).toBe(5);
  expect(state?.lockedUntil).not.toBeNull();

  await submitLogin(page, user.email, user.password);
  await expect(page.getByTestId('login-error')).toHaveText(SIGN_IN_ERROR);
  await expect(page).toHaveURL(/\/login/);
});
