import iconv from 'iconv-lite';

/** 〓 (geta), JIS X 0208's conventional stand-in for a character that cannot be printed. */
export const SHIFT_JIS_REPLACEMENT = '〓';

/**
 * JIS X 0208 characters that Unicode spells two ways: the JIS mapping (what
 * macOS, iOS and most web forms type, e.g. 〜 in 「1〜3丁目」) and CP932's. Same
 * JIS code, so the byte Japanese Excel reads is the one CP932 gives the second.
 */
const CP932_SPELLING = new Map<string, string>([
  ['\u301c', '\uff5e'], // 〜 WAVE DASH → ～
  ['\u2016', '\u2225'], // ‖ DOUBLE VERTICAL LINE → ∥
  ['\u2212', '\uff0d'], // − MINUS SIGN → －
  ['\u00a2', '\uffe0'], // ¢ → ￠
  ['\u00a3', '\uffe1'], // £ → ￡
  ['\u00ac', '\uffe2'], // ¬ → ￢
  ['\u2014', '\u2015'], // — EM DASH → ―
]);

const NON_ASCII = /[\u{80}-\u{10ffff}]/u;
const NON_ASCII_ALL = /[\u{80}-\u{10ffff}]/gu;

/**
 * Text to Shift_JIS as Japanese Excel reads it (Windows-31J / CP932, which
 * adds the NEC and IBM characters such as ① ㈱ 髙). iconv-lite would silently
 * write `?` for a character the encoding lacks; this writes 〓 instead and
 * counts them, so nothing is lost without a trace.
 */
export class ShiftJisEncoder {
  /** Non-ASCII characters already tried: can CP932 hold them? */
  private readonly known = new Map<string, boolean>();
  replaced = 0;

  encode(text: string): Buffer {
    const safe = NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, (c) => this.spell(c)) : text;
    return iconv.encode(safe, 'cp932');
  }

  private spell(character: string): string {
    const spelled = CP932_SPELLING.get(character) ?? character;
    return this.holds(spelled) ? spelled : this.replace();
  }

  private replace(): string {
    this.replaced += 1;
    return SHIFT_JIS_REPLACEMENT;
  }

  private holds(character: string): boolean {
    let holds = this.known.get(character);
    if (holds === undefined) {
      const bytes = iconv.encode(character, 'cp932');
      holds = iconv.decode(bytes, 'cp932') === character;
      this.known.set(character, holds);
    }
    return holds;
  }
}
