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

describe('errorText with the figures of a refusal’s details', () => {
  it('says in Japanese which byte, on which line and at which offset, as the English does', () => {
    const refused = new ApiError(422, 'INVALID_CHARACTERS', 'The file is UTF-8 but byte 0xE5 on line 12 (byte offset 240) is not valid UTF-8', [], {
      encoding: 'utf-8',
      byte: '0xE5',
      line: 12,
      offset: 240,
    });
    expect(errorText(refused, 'ja')).toBe(
      'UTF-8 のファイルですが、12 行目（先頭から 240 バイト目）のバイト 0xE5 は UTF-8 として読み取れません。その文字を直すか削除するか、UTF-8 で保存し直してください。',
    );
    // A record without the figures (a failed import's error) keeps the plain sentence, never a raw {{…}}.
    expect(errorText({ code: 'INVALID_CHARACTERS', message: 'x' }, 'ja')).toBe('読み取れない文字が含まれています。文字コードを確認してください。');
  });

  it('gives the column counts of TOO_MANY_COLUMNS and names the file’s columns of NO_PHONE_COLUMN', () => {
    expect(errorText(new ApiError(422, 'TOO_MANY_COLUMNS', 'The file has 300 columns; at most 200 are accepted', [], { columns: 300, limit: 200 }), 'ja')).toBe(
      'ファイルに 300 列あります。取り込めるのは 200 列までです。',
    );
    const noPhone = new ApiError(422, 'NO_PHONE_COLUMN', 'No column is recognised as the phone number', [], { columns: ['氏名', 'Contact number'], mapping: {} });
    expect(errorText(noPhone, 'ja')).toBe(
      '電話番号の列が見つかりません（ファイルの列: 「氏名」、「Contact number」）。プレビューの列の割り当てで、電話番号が入っている列に「電話番号」を選んでください。',
    );
  });

  it('tells a file of only delimiters from a header without rows by the reason the api gives, and says neither wrongly without one', () => {
    const delimiters = new ApiError(422, 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes', [], { reason: 'ONLY_DELIMITERS' });
    expect(errorText(delimiters, 'ja')).toBe('ファイルに値がありません。どの行も区切り文字や空の引用符だけです。');
    expect(errorText(new ApiError(422, 'NO_ROWS', 'The file has a header but no rows', [], { reason: 'HEADER_ONLY' }), 'ja')).toBe(
      'ヘッダー行のほかにデータの行がありません。',
    );
    const unsaid = errorText(new ApiError(422, 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'), 'ja');
    expect(unsaid).toContain('区切り文字');
    expect(unsaid).not.toBe('ヘッダー行のほかにデータがありません。');
  });
});
