// Reads a response body through its content codings, counting the bytes that
// come out of the decompressor: the cap applies to what we would hold in
// memory, so a gzip bomb stops at the cap instead of inflating in full.
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export class BodyTooLarge extends Error {}
export class BodyDecodeError extends Error {}

function decoderFor(coding: string): Transform | null {
  switch (coding) {
    case 'identity': return null;
    case 'gzip':
    case 'x-gzip':
      // Sync flush at the end: a truncated stream yields what it has, as in browsers.
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    // Servers label zlib-wrapped and gzip bodies "deflate" alike; unzip reads both.
    case 'deflate': return zlib.createUnzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    // Brotli has no lenient ending that still tells garbage from a stream.
    case 'br': return zlib.createBrotliDecompress();
    default: throw new BodyDecodeError(`unsupported content encoding "${coding}"`);
  }
}

export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const codings = (contentEncoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  // Codings are listed in the order they were applied; undo them last first.
  const decoders = [...codings].reverse().map(decoderFor).filter((d): d is Transform => d !== null);
  let decodeFailure: (Error & { code?: string }) | null = null;
  for (const d of decoders) d.once('error', (err) => { decodeFailure ??= err; });
  const chunks: Buffer[] = [];
  let size = 0;
  // Tearing the pipeline down surfaces as an abort on some stream before our own
  // error comes through, so the reason is remembered here.
  let overflow = false;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) {
        overflow = true;
        throw new BodyTooLarge();
      }
      chunks.push(chunk);
    }
  };
  try {
    await pipeline([body, ...decoders, collect], { signal });
  } catch (err) {
    if (overflow) throw new BodyTooLarge();
    const failure = decodeFailure as (Error & { code?: string }) | null;
    if (failure && !signal.aborted && /^(Z_|ERR_BROTLI|ERR_ZLIB)/.test(failure.code ?? '')) {
      throw new BodyDecodeError(`cannot decompress the ${codings.join(', ')} body: ${failure.message}`);
    }
    throw err;
  }
  return Buffer.concat(chunks, size);
}
