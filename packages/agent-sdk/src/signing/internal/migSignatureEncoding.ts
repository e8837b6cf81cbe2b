// MIG stores a detached signature as its ASCII armor minus the header, blank line and footer, with the line
// breaks removed: base64 body immediately followed by "=" and the 4-character base64 CRC-24 (RFC 4880 6.1).
// MIG's reader splits at the last "=", so the checksum is required.

function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i += 1) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function crcText(bytes: Uint8Array): string {
  const crc = crc24(bytes);
  return Buffer.from([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
}

export function encodeMigSignature(binary: Uint8Array): string {
  return `${Buffer.from(binary).toString('base64')}=${crcText(binary)}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type DecodedMigSignature = { ok: true; binary: Uint8Array } | { ok: false; reason: string };

export function decodeMigSignature(text: string): DecodedMigSignature {
  const at = text.lastIndexOf('=');
  if (at === -1) return { ok: false, reason: 'has no "=XXXX" CRC-24 checksum at its end' };
  const body = text.slice(0, at);
  const crc = text.slice(at + 1);
  if (body.length === 0 || !BASE64.test(body)) return { ok: false, reason: 'is not base64' };
  if (!/^[A-Za-z0-9+/]{4}$/.test(crc)) return { ok: false, reason: 'has a malformed CRC-24 checksum' };
  const binary = new Uint8Array(Buffer.from(body, 'base64'));
  if (crcText(binary) !== crc) return { ok: false, reason: 'fails its CRC-24 checksum' };
  return { ok: true, binary };
}

/** Turns `gpg --detach-sign --armor` (or any armored signature) into MIG's one-line form, as MIG's deArmor does. */
export function migFromArmored(armored: string): string | undefined {
  const text = armored.replace(/\r\n/g, '\n');
  const start = text.indexOf('\n\n');
  const end = text.indexOf('\n-----', start + 2);
  if (start === -1 || end === -1) return undefined;
  return text.slice(start + 2, end).replace(/\n/g, '');
}

/** Turns MIG's one-line form back into an armored signature, as MIG's reArmorSignature does (64-char lines). */
export function armoredFromMig(line: string): string {
  const at = line.lastIndexOf('=');
  const payload = at === -1 ? line : line.slice(0, at);
  const crc = at === -1 ? '' : line.slice(at);
  const lines = payload.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PGP SIGNATURE-----\n\n${lines.join('\n')}\n${crc}\n-----END PGP SIGNATURE-----\n`;
}
