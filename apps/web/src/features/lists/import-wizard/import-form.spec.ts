import { HEADER_NAMES_SHOWN, headerLine, importForm, isActive, remap } from './import-form';

describe('importForm', () => {
  it('puts the plain fields before the file, and names no encoding unless one was chosen (the api detects it)', () => {
    const file = new File(['電話番号\n0312345678\n'], 'leads.csv', { type: 'text/csv' });
    const form = importForm(file, { mapping: { 電話番号: 'phone' } }, { country: 'JP', campaignId: undefined, product: '' });
    expect([...form.keys()]).toEqual(['country', 'mapping', 'file']);
    expect(form.get('mapping')).toBe('{"電話番号":"phone"}');
    expect(form.has('encoding')).toBe(false);
    expect((form.get('file') as File).name).toBe('leads.csv');
    expect([...importForm(file, { encoding: 'shift_jis' }).keys()]).toEqual(['encoding', 'file']);
  });
});

describe('remap', () => {
  it('maps one column to another field and keeps the others as they were', () => {
    expect(remap({ a: 'phone', b: 'firstName' }, 'b', 'lastName')).toEqual({ a: 'phone', b: 'lastName' });
    expect(remap({ a: 'phone' }, 'c', 'email')).toEqual({ a: 'phone', c: 'email' });
  });

  it('drops a column set back to a custom field, even one named like an Object member', () => {
    expect(remap({ a: 'phone', constructor: 'email' }, 'constructor', '')).toEqual({ a: 'phone' });
    expect(Object.keys(remap({ a: 'phone' }, '__proto__', 'email'))).toEqual(['a', '__proto__']);
  });
});

describe('isActive', () => {
  it('polls queued and running imports only', () => {
    expect(['queued', 'running', 'completed', 'failed', 'undone'].filter((s) => isActive(s as never))).toEqual(['queued', 'running']);
  });
});

describe('headerLine', () => {
  it('lists a 200-column header’s first names and counts the rest, so the preview table stays near the top', () => {
    const header = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const line = headerLine(header);
    expect(line.names.split(' | ')).toHaveLength(HEADER_NAMES_SHOWN);
    expect(line.more).toBe(200 - HEADER_NAMES_SHOWN);
    expect(headerLine(['氏名', '電話番号'])).toEqual({ names: '氏名 | 電話番号', more: 0 });
  });
});
