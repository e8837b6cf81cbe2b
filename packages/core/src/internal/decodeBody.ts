/** A body decoded to text, or why it could not be. */
export type DecodedBody = { ok: true; text: string } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Offset of the first byte that is not valid UTF-8 (only called on the error path). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

/** Decodes a body (HTTP request, AMQP message) as strict UTF-8; invalid bytes are reported with their offset. */
export function decodeBody(body: Buffer | string | undefined | null): DecodedBody {
  if (body === undefined || body === null) return { ok: true, text: '' };
  if (typeof body === 'string') return { ok: true, text: body };
  try {
    return { ok: true, text: decoder.decode(body) };
  } catch {
    return { ok: false, reason: `not valid UTF-8 (first bad byte at offset ${firstInvalidByte(body)})` };
  }
}
