import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;

/** One SNTP measurement (RFC 4330 section 5). */
export interface SntpSample {
  /** Address that answered. */
  address: string;
  /** Server clock minus local clock, in milliseconds: ((T2 - T1) + (T3 - T4)) / 2. */
  offsetMs: number;
  /** Round-trip delay in milliseconds: (T4 - T1) - (T3 - T2). */
  delayMs: number;
  /** Server stratum (1 = primary reference). */
  stratum: number;
}

/** A sample, or why none could be taken. */
export type SntpResult = { ok: true; sample: SntpSample } | { ok: false; reason: string };

/** Reads a 64-bit NTP timestamp as Unix milliseconds (era 1 is assumed when the top bit is clear, i.e. after 2036). */
export function readNtpTime(buf: Buffer, offset: number): number {
  let seconds = buf.readUInt32BE(offset);
  const fraction = buf.readUInt32BE(offset + 4);
  if ((seconds & 0x80000000) === 0) seconds += 2 ** 32;
  return (seconds - NTP_UNIX_OFFSET) * 1000 + (fraction / 2 ** 32) * 1000;
}

/** Writes Unix milliseconds as a 64-bit NTP timestamp. */
export function writeNtpTime(buf: Buffer, offset: number, unixMs: number): void {
  const totalSeconds = unixMs / 1000 + NTP_UNIX_OFFSET;
  const seconds = Math.floor(totalSeconds);
  buf.writeUInt32BE(seconds % 2 ** 32, offset);
  buf.writeUInt32BE(Math.min(2 ** 32 - 1, Math.floor((totalSeconds - seconds) * 2 ** 32)), offset + 4);
}

/**
 * Sends one SNTP client request (48 bytes, version 4, mode 3) and computes offset and delay from the four
 * timestamps. The transmit timestamp carries random low bits so a reply must echo it to be accepted.
 */
export async function sntpQuery(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<SntpResult> {
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = (await lookup(host)).address;
    } catch (error) {
      return { ok: false, reason: `${host}: cannot resolve: ${(error as Error).message}` };
    }
  }
  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
  const request = Buffer.alloc(48);
  request[0] = (0 << 6) | (4 << 3) | 3;
  return new Promise<SntpResult>((resolve) => {
    let t1 = 0;
    const finish = (result: SntpResult): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.close();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, reason: `${host}: aborted` });
    const timer = setTimeout(() => finish({ ok: false, reason: `${host}: no answer within ${timeoutMs} ms` }), timeoutMs);
    signal.addEventListener('abort', onAbort);
    socket.on('error', (error) => finish({ ok: false, reason: `${host}: ${error.message}` }));
    socket.on('message', (reply) => {
      const t4 = Date.now();
      if (reply.length < 48) return;
      const mode = (reply[0] ?? 0) & 0x07;
      if (mode !== 4 || !reply.subarray(24, 32).equals(request.subarray(40, 48))) return;
      const stratum = reply[1] ?? 0;
      if (stratum === 0) {
        finish({ ok: false, reason: `${host}: kiss-o'-death "${reply.subarray(12, 16).toString('latin1')}"` });
        return;
      }
      const t2 = readNtpTime(reply, 32);
      const t3 = readNtpTime(reply, 40);
      finish({
        ok: true,
        sample: { address, offsetMs: (t2 - t1 + (t3 - t4)) / 2, delayMs: t4 - t1 - (t3 - t2), stratum },
      });
    });
    if (signal.aborted) {
      onAbort();
      return;
    }
    t1 = Date.now();
    writeNtpTime(request, 40, t1);
    // Randomise the sub-millisecond bits: they identify our request in the server's echo.
    randomBytes(2).copy(request, 46);
    socket.send(request, port, address);
  });
}
