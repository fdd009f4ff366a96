import path from 'node:path';

/** The longest file name kept (in characters): longer ones are cut, keeping their extension. */
export const FILE_NAME_MAX = 255;

// Control characters and the Unicode bidirectional controls (LRM/RLM, ALM, LRE…RLO, LRI…PDI): an RLO in
// "report‮vsc.exe" shows the name reversed on every page that lists it, so none of them is kept.
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A client's file name as the pages show it: its last path segment (either slash), without control or
 * bidirectional-override characters, at most FILE_NAME_MAX characters (the extension kept), or `upload.csv`.
 */
export function uploadFileName(raw: string | undefined): string {
  const base = path.posix.basename((raw ?? '').replace(/\\/g, '/'));
  const clean = base.replace(UNSHOWABLE, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return 'upload.csv';
  const chars = [...clean]; // code points: an emoji is not cut in half
  if (chars.length <= FILE_NAME_MAX) return clean;
  const extension = path.posix.extname(clean);
  const keep = extension.length < 16 ? [...extension] : [];
  return chars.slice(0, FILE_NAME_MAX - keep.length - 1).join('') + '…' + keep.join('');
}
