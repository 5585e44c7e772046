// slimHtml on a page's bytes (see slim.ts for what goes and why). The fetch
// stage slims every page before it queues it, and a page-sized string is the
// costliest thing it could make for that; markup is ASCII in every encoding
// a page reaches us in (as UTF-8), so the same cuts can be found in the bytes,
// and every multi-byte character is kept or dropped whole.
const LT = 0x3c; // <
const GT = 0x3e; // >
const BANG_DASH_DASH = Buffer.from('!--');
const COMMENT_END = Buffer.from('-->');
const DROPPED = ['script', 'style', 'noscript'].map((t) => Buffer.from(t));
const LD_JSON = /application\/ld\+json/i;

// The regex's \s, byte by byte: tab, line feed, vertical tab, form feed, carriage return, space.
const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

/** Whether buf holds name (lowercase ASCII) at i, in any case. */
function startsWithAt(buf: Buffer, i: number, name: Buffer): boolean {
  if (i + name.length > buf.length) return false;
  for (let k = 0; k < name.length; k++) if (lower(buf[i + k]) !== name[k]) return false;
  return true;
}

/** End (exclusive) of the first "</name\s*>" at or after from, or -1. */
function closingTagEnd(buf: Buffer, from: number, name: Buffer): number {
  for (let i = buf.indexOf('</', from); i !== -1; i = buf.indexOf('</', i + 2)) {
    if (!startsWithAt(buf, i + 2, name)) continue;
    let j = i + 2 + name.length;
    while (j < buf.length && isSpace(buf[j])) j++;
    if (buf[j] === GT) return j + 1;
  }
  return -1;
}

/** The piece to drop (or, a JSON-LD script, to keep) that starts with the "<" at i: its end, exclusive; null when none starts there. */
function dropEnd(buf: Buffer, i: number): { end: number; keep: boolean } | null {
  if (buf.subarray(i + 1, i + 4).equals(BANG_DASH_DASH)) {
    // "<!-->" and "<!--->" are whole (empty) comments.
    if (buf[i + 4] === GT) return { end: i + 5, keep: false };
    if (buf[i + 4] === 0x2d && buf[i + 5] === GT) return { end: i + 6, keep: false };
    const close = buf.indexOf(COMMENT_END, i + 4);
    return close === -1 ? null : { end: close + 3, keep: false };
  }
  for (const name of DROPPED) {
    if (!startsWithAt(buf, i + 1, name)) continue;
    const after = i + 1 + name.length;
    const next = buf[after];
    if (next === undefined || !(isSpace(next) || next === 0x2f || next === GT)) return null;
    const open = buf.indexOf(GT, after);
    if (open === -1) return null;
    const end = closingTagEnd(buf, open + 1, name);
    if (end === -1) return null;
    const keep = name === DROPPED[0] && LD_JSON.test(buf.toString('latin1', after, open));
    return { end, keep };
  }
  return null;
}

export function slimHtmlBytes(buf: Buffer): Buffer {
  const kept: Buffer[] = [];
  let copied = 0;
  for (let i = buf.indexOf(LT); i !== -1; ) {
    const drop = dropEnd(buf, i);
    if (!drop) {
      i = buf.indexOf(LT, i + 1);
      continue;
    }
    if (!drop.keep) {
      kept.push(buf.subarray(copied, i));
      copied = drop.end;
    }
    i = buf.indexOf(LT, drop.end);
  }
  if (copied === 0) return buf;
  kept.push(buf.subarray(copied));
  return Buffer.concat(kept);
}
