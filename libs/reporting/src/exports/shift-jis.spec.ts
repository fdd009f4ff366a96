import iconv from 'iconv-lite';
import { SHIFT_JIS_REPLACEMENT, ShiftJisEncoder } from './shift-jis';

describe('ShiftJisEncoder', () => {
  it('keeps what Windows-31J holds, NEC and IBM characters included', () => {
    const encoder = new ShiftJisEncoder();
    const text = '山田 花子, ①㈱髙, ｶﾅ, ～, ASCII =1';
    expect(iconv.decode(encoder.encode(text), 'cp932')).toBe(text);
    expect(encoder.replaced).toBe(0);
  });

  it('writes 〓 for each character it cannot hold, and counts them', () => {
    const encoder = new ShiftJisEncoder();
    const out = iconv.decode(encoder.encode('波線 😀 and 한 𠮷'), 'cp932');
    expect(out).toBe(`波線 ${SHIFT_JIS_REPLACEMENT} and ${SHIFT_JIS_REPLACEMENT} ${SHIFT_JIS_REPLACEMENT}`);
    expect(encoder.replaced).toBe(3);
    encoder.encode('😀');
    expect(encoder.replaced).toBe(4);
  });

  it('writes the JIS spelling of a character (〜 − ‖ ¢ £ ¬ —) as the CP932 byte of the same JIS code, not 〓', () => {
    const encoder = new ShiftJisEncoder();
    // 「1〜3丁目」 as macOS and web forms type it: the wave dash is JIS 0x8160, which CP932 reads back as ～.
    expect(iconv.decode(encoder.encode('1〜3丁目 −5 ‖ ¢£¬ —'), 'cp932')).toBe('1～3丁目 －5 ∥ ￠￡￢ ―');
    expect(encoder.replaced).toBe(0);
  });

  it('never writes a bare question mark for a character it lost', () => {
    const encoder = new ShiftJisEncoder();
    expect(encoder.encode('Ω≠√∮𠮷').includes(0x3f)).toBe(false);
  });
});
