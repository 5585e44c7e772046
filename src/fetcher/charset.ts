// Bytes to text. Many news sites still serve windows-1251, iso-8859-1 or
// shift_jis, and say so in different places; the order below is the one
// browsers use (a BOM beats the header, the header beats what the document
// says about itself).
import iconv from 'iconv-lite';

export type CharsetSource = 'bom' | 'header' | 'xml' | 'meta' | 'default';

// The WHATWG Encoding standard decodes these labels as windows-1252, and so do
// the pages that declare them: their "iso-8859-1" text is full of curly quotes.
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252', 'iso8859-1': 'windows-1252', iso_8859_1: 'windows-1252', 'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252', l1: 'windows-1252', 'us-ascii': 'windows-1252', ascii: 'windows-1252', cp819: 'windows-1252',
  'x-sjis': 'shift_jis', 'x-user-defined': 'windows-1252',
};

const clean = (label: string) => label.trim().replace(/^["']|["']$/g, '').toLowerCase();

export function charsetFromContentType(contentType: string | null): string | null {
  const m = contentType?.match(/;\s*charset\s*=\s*("?)([^";,\s]+)\1/i);
  return m ? clean(m[2]) : null;
}

export function detectCharset(bytes: Uint8Array, contentType: string | null): { charset: string; source: CharsetSource } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', source: 'bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', source: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', source: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header && iconv.encodingExists(ALIASES[header] ?? header)) return { charset: header, source: 'header' };
  // Declarations are ASCII in every encoding we can meet here, so latin1 reads them.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString('latin1');
  const xml = head.match(/^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/);
  if (xml) {
    const label = clean(xml[1]);
    if (iconv.encodingExists(ALIASES[label] ?? label)) return { charset: label, source: 'xml' };
  }
  const meta = head.match(/<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i);
  if (meta) {
    const label = clean(meta[1]);
    // A page saved as UTF-16 cannot declare so in an ASCII meta tag; the spec reads that as UTF-8.
    if (label.startsWith('utf-16')) return { charset: 'utf-8', source: 'meta' };
    if (iconv.encodingExists(ALIASES[label] ?? label)) return { charset: label, source: 'meta' };
  }
  return { charset: 'utf-8', source: 'default' };
}

/** Decodes with the detected charset; a leading BOM is dropped. */
export function decodeBody(bytes: Buffer, contentType: string | null): { text: string; charset: string } {
  const { charset } = detectCharset(bytes, contentType);
  return { text: decodeAs(bytes, charset), charset };
}

const isUtf8 = (charset: string) => charset === 'utf-8' || charset === 'utf8';
const hasUtf8Bom = (bytes: Buffer) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

export function decodeAs(bytes: Buffer, charset: string): string {
  // Most pages are UTF-8, which Node decodes natively several times faster than iconv-lite.
  return isUtf8(charset)
    ? bytes.toString('utf8', hasUtf8Bom(bytes) ? 3 : 0)
    : iconv.decode(bytes, ALIASES[charset] ?? charset, { stripBOM: true });
}

/**
 * The body as UTF-8 bytes, without a BOM. A UTF-8 page comes back as it is,
 * never turned into a string: most pages are, and a page-sized string is the
 * costliest thing a fetch makes.
 */
export function utf8Bytes(bytes: Buffer, charset: string): Buffer {
  if (isUtf8(charset)) return hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  return Buffer.from(decodeAs(bytes, charset), 'utf8');
}
