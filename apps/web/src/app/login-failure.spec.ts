import { ApiError } from '../api/client';
import { initI18n } from './i18n';
import { loginFailureMessage } from './login-failure';

describe('loginFailureMessage', () => {
  it('says a wrong password in Japanese, not with the api’s English text', () => {
    const i18n = initI18n('ja');
    const message = loginFailureMessage(i18n.t, new ApiError(401, 'UNAUTHORIZED', 'Email or password is incorrect'));
    expect(message).toBe('メールアドレスまたはパスワードが正しくありません。');
    expect(message).not.toContain('incorrect');
  });

  it('names the reason of any other failure', () => {
    const i18n = initI18n('en');
    expect(loginFailureMessage(i18n.t, new ApiError(429, 'TOO_MANY_REQUESTS', 'Too many attempts'))).toBe('Sign-in failed: Too many attempts');
  });
});
