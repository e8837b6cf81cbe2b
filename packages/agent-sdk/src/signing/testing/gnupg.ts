// Test helper (not exported): drives the real `gpg` binary in a throw-away GNUPGHOME, as the oracle for
// OpenPGP interoperability tests.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GnupgHome {
  readonly dir: string;
  run(args: readonly string[], input?: string | Uint8Array): Promise<GpgRun>;
  /** Generates a key without passphrase; returns its upper-case fingerprint. */
  genKey(uid: string, algo: 'ed25519' | 'rsa2048', options?: { expire?: string; fakedTime?: string }): Promise<string>;
  exportPublic(fingerprint: string): Promise<string>;
  exportSecret(fingerprint: string): Promise<string>;
  /** Imports the revocation certificate gpg wrote at key generation. */
  revoke(fingerprint: string): Promise<void>;
  detachSign(fingerprint: string, data: string | Uint8Array, options?: { fakedTime?: string }): Promise<string>;
  verifyDetached(armoredSignature: string, data: string | Uint8Array): Promise<GpgRun>;
  cleanup(): Promise<void>;
}

export async function createGnupgHome(): Promise<GnupgHome> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-gpg-'));
  const env = { ...process.env, GNUPGHOME: dir, LC_ALL: 'C' };
  const spawnIn = (command: string, args: readonly string[], input?: string | Uint8Array): Promise<GpgRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
      );
      child.stdin.end(input === undefined ? undefined : Buffer.from(input));
    });
  const gpg = async (args: readonly string[], input?: string | Uint8Array): Promise<GpgRun> => {
    const result = await spawnIn('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], input);
    return result;
  };
  const must = async (args: readonly string[], input?: string | Uint8Array): Promise<string> => {
    const result = await gpg(args, input);
    if (result.code !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const faked = (fakedTime?: string): string[] => (fakedTime === undefined ? [] : ['--faked-system-time', `${fakedTime}!`]);
  const home: GnupgHome = {
    dir,
    run: gpg,
    async genKey(uid, algo, options = {}) {
      await must([...faked(options.fakedTime), '--quick-gen-key', uid, algo, 'sign', options.expire ?? 'never']);
      const listing = await must(['--with-colons', '--list-keys', uid]);
      const fpr = listing.split('\n').find((line) => line.startsWith('fpr:'));
      if (fpr === undefined) throw new Error(`no fingerprint listed for ${uid}`);
      return fpr.split(':')[9]!.toUpperCase();
    },
    exportPublic: (fingerprint) => must(['--armor', '--export', fingerprint]),
    exportSecret: (fingerprint) => must(['--armor', '--export-secret-keys', fingerprint]),
    async revoke(fingerprint) {
      const certificate = await readFile(join(dir, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8');
      // gpg writes the certificate with its armor line "disarmed" by a leading colon.
      await must(['--import'], certificate.replace(/^:-----BEGIN/m, '-----BEGIN'));
    },
    async detachSign(fingerprint, data, options = {}) {
      const file = join(dir, `msg-${Math.random().toString(36).slice(2)}`);
      await writeFile(file, data);
      const armored = await must([...faked(options.fakedTime), '--local-user', fingerprint, '--armor', '--detach-sign', '--output', '-', file]);
      await rm(file);
      return armored;
    },
    async verifyDetached(armoredSignature, data) {
      const id = Math.random().toString(36).slice(2);
      const sigFile = join(dir, `sig-${id}.asc`);
      const dataFile = join(dir, `data-${id}`);
      await writeFile(sigFile, armoredSignature);
      await writeFile(dataFile, data);
      const result = await gpg(['--status-fd', '1', '--verify', sigFile, dataFile]);
      await rm(sigFile);
      await rm(dataFile);
      return result;
    },
    async cleanup() {
      await spawnIn('gpgconf', ['--kill', 'gpg-agent']);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return home;
}
