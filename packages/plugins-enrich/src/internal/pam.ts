/** A `pam_unix(service:type): …` message, parsed. */
export interface PamMessage {
  service: string;
  kind: string;
  action: 'sessionopened' | 'sessionclosed' | 'authfailure' | 'other';
  /** For sessions: the user the session is for. For failures: `user=`. */
  user: string | undefined;
  /** For sessions: who opened it. For failures: `ruser=` or `logname=`. */
  by: string | undefined;
  tty: string | undefined;
  rhost: string | undefined;
  failures: number | undefined;
}

const PAM = /^(?:PAM (\d+) more authentication failures?; |pam_unix\(([\w-]+):(\w+)\): )(.*)$/;
const SESSION = /^session (opened|closed) for user ([^\s(]+)(?:\(uid=\d+\))?(?: by ([^\s(]*)(?:\(uid=\d+\))?)?/;
const KV = /(\w+)=(\S*)/g;

/** Parses PAM lines from sshd, su, sudo; `undefined` when the message is not one. */
export function parsePam(message: string): PamMessage | undefined {
  const m = PAM.exec(message);
  if (m === null) return undefined;
  const rest = m[4] as string;
  const result: PamMessage = {
    service: m[2] ?? '',
    kind: m[3] ?? 'auth',
    action: 'other',
    user: undefined,
    by: undefined,
    tty: undefined,
    rhost: undefined,
    failures: m[1] === undefined ? undefined : Number(m[1]),
  };
  const s = SESSION.exec(rest);
  if (s !== null) {
    result.action = s[1] === 'opened' ? 'sessionopened' : 'sessionclosed';
    result.user = s[2];
    result.by = s[3] === undefined || s[3] === '' ? undefined : s[3];
    return result;
  }
  if (rest.startsWith('authentication failure') || m[1] !== undefined) {
    result.action = 'authfailure';
    KV.lastIndex = 0;
    const fields: Record<string, string> = {};
    for (let kv = KV.exec(rest); kv !== null; kv = KV.exec(rest)) fields[kv[1] as string] = kv[2] as string;
    result.user = fields['user'] || undefined;
    result.by = fields['ruser'] || fields['logname'] || undefined;
    result.tty = fields['tty'] || undefined;
    result.rhost = fields['rhost'] || undefined;
  }
  return result;
}
