// Reads a response body through its content codings. The cap applies twice:
// to the bytes on the wire and to what comes out of the decompressor, which
// stops at the cap, so a gzip bomb ends there instead of inflating in full.
//
// The body is gathered first and decompressed in one call: a news page is tens
// of kilobytes on the wire, and a streaming decompressor spent three times the
// CPU on it (bench/pipeline). Decompression stops at the cap, so the call is
// bounded by it.
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export class BodyTooLarge extends Error {}
export class BodyDecodeError extends Error {}

type Decoder = (input: Buffer, maxOutputLength: number) => Buffer;

// Sync flush at the end: a truncated stream yields what it has, as in browsers.
const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

function decoderFor(coding: string): Decoder | null {
  switch (coding) {
    case 'identity': return null;
    case 'gzip':
    case 'x-gzip':
      return (input, maxOutputLength) => zlib.gunzipSync(input, { ...lenient, maxOutputLength });
    // Servers label zlib-wrapped and gzip bodies "deflate" alike; unzip reads both.
    case 'deflate':
      return (input, maxOutputLength) => zlib.unzipSync(input, { ...lenient, maxOutputLength });
    // Brotli has no lenient ending that still tells garbage from a stream.
    case 'br':
      return (input, maxOutputLength) => zlib.brotliDecompressSync(input, { maxOutputLength });
    default: throw new BodyDecodeError(`unsupported content encoding "${coding}"`);
  }
}

export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const codings = (contentEncoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  // Codings are listed in the order they were applied; undo them last first.
  const decoders = [...codings].reverse().map(decoderFor).filter((d): d is Decoder => d !== null);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  signal.throwIfAborted();
  let bytes: Buffer = Buffer.concat(chunks, size);
  for (const decode of decoders) {
    try {
      bytes = decode(bytes, maxBytes);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge();
      if (/^(Z_|ERR_BROTLI|ERR_ZLIB|ERR__ERROR)/.test(code)) {
        throw new BodyDecodeError(`cannot decompress the ${codings.join(', ')} body: ${(err as Error).message}`);
      }
      throw err;
    }
  }
  return bytes;
}
