import { ApiError } from '../api/client';
import { errorText } from './error-text';

describe('errorText', () => {
  it('shows a refusal in Japanese by its code on a Japanese page, and the api’s own message on an English one', () => {
    const refused = new ApiError(409, 'DISPOSITION_REQUIRED', 'Record the outcome of your last call before going ready');
    expect(errorText(refused, 'ja')).toBe('前の通話の通話結果を登録してから待機中にしてください。');
    expect(errorText(refused, 'en')).toBe('Record the outcome of your last call before going ready');
    expect(errorText(refused, 'ja', { withOriginal: true })).toBe('前の通話の通話結果を登録してから待機中にしてください。（Record the outcome of your last call before going ready）');
    expect(errorText(refused, 'en', { withOriginal: true })).toBe('Record the outcome of your last call before going ready');
  });

  it('reads the code of a desk action’s refusal and of the desk socket’s error message as well', () => {
    expect(errorText(Object.assign(new Error('No audio leg in your room'), { code: 'NO_AUDIO' }), 'ja')).toMatch(/^音声が接続されていません/);
    expect(errorText({ code: 'AUTH_INVALID_TOKEN', message: 'Token expired' }, 'ja')).toMatch(/もう一度サインイン/);
  });

  it('keeps the api’s message for a code it has no sentence for, and for anything that is not a refusal', () => {
    expect(errorText(new ApiError(409, 'A_NEW_RULE', 'Not now: a new rule'), 'ja')).toBe('Not now: a new rule');
    expect(errorText(new Error('Failed to fetch'), 'ja')).toBe('Failed to fetch');
    expect(errorText({ code: 'toString', message: 'odd' }, 'ja')).toBe('odd');
  });
});
