import { FILE_NAME_MAX, uploadFileName } from './upload-file-name';

describe('uploadFileName', () => {
  it('drops a right-to-left override that would show "report‮vsc.exe" as "reportexe.csv", and control characters', () => {
    expect(uploadFileName('report\u202evsc.exe')).toBe('reportvsc.exe');
    expect(uploadFileName('a\u2066b\u2069\u200f\u0000\u0007\u009b.csv')).toBe('ab.csv');
  });

  it('keeps Japanese, Arabic and emoji names as they are', () => {
    expect(uploadFileName('顧客リスト 12月.csv')).toBe('顧客リスト 12月.csv');
    expect(uploadFileName('عملاء😀.csv')).toBe('عملاء😀.csv');
  });

  it('keeps the last segment of a Windows or POSIX path, and names an empty or dot name upload.csv', () => {
    expect(uploadFileName('C:\\Users\\yamada\\リスト.csv')).toBe('リスト.csv');
    expect(uploadFileName('../../etc/passwd')).toBe('passwd');
    expect(uploadFileName('')).toBe('upload.csv');
    expect(uploadFileName(undefined)).toBe('upload.csv');
    expect(uploadFileName('\u202e')).toBe('upload.csv');
    expect(uploadFileName('..')).toBe('upload.csv');
  });

  it('cuts a very long name to FILE_NAME_MAX characters, whole emoji, keeping its extension', () => {
    const cut = uploadFileName(`${'😀'.repeat(400)}.csv`);
    expect([...cut]).toHaveLength(FILE_NAME_MAX);
    expect(cut.endsWith('….csv')).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone surrogate
  });
});
