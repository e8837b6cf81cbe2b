import { getPath, isRecord } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';

/** The Zeek logs the zeek plugin understands. */
export type ZeekLogType =
  | 'conn' | 'dns' | 'http' | 'ssl' | 'x509' | 'ssh' | 'notice' | 'files' | 'smtp' | 'dhcp' | 'intel'
  | 'software' | 'weird' | 'rdp' | 'smb_files' | 'smb_mapping';

const KNOWN: ReadonlySet<string> = new Set([
  'conn', 'dns', 'http', 'ssl', 'x509', 'ssh', 'notice', 'files', 'smtp', 'dhcp', 'intel', 'software', 'weird', 'rdp',
  'smb_files', 'smb_mapping',
]);

const HINT = /^(?:bro|zeek)[_.-]?(\w+)$/i;

function has(details: Details, key: string): boolean {
  // Plain keys directly; getPath (which also walks nested objects) for the dotted ones.
  return key.includes('.') ? getPath(details, key) !== undefined : Object.hasOwn(details, key) && details[key] !== undefined;
}

function fromHint(hint: unknown): ZeekLogType | undefined {
  if (typeof hint !== 'string' || hint.length > 64) return undefined;
  // Only text starting with bro or zeek can be a hint (as the expression's anchor says).
  const first = hint.charCodeAt(0) | 0x20;
  if (first !== 98 && first !== 122) return undefined;
  const m = HINT.exec(hint);
  if (m === null) return undefined;
  const type = (m[1] as string).toLowerCase();
  return KNOWN.has(type) ? (type as ZeekLogType) : undefined;
}

/** Detects the log type from `_path`, a hint such as `bro_conn`/`zeek-dns` (first that names a type), or the fields' signature. */
export function zeekLogType(details: Details, hint1?: unknown, hint2?: unknown, hint3?: unknown, hint4?: unknown): ZeekLogType | undefined {
  const path = details['_path'] ?? details['path_type'];
  if (typeof path === 'string' && KNOWN.has(path)) return path as ZeekLogType;
  const hinted = fromHint(hint1) ?? fromHint(hint2) ?? fromHint(hint3) ?? fromHint(hint4);
  if (hinted !== undefined) return hinted;
  if (typeof details['note'] === 'string') return 'notice';
  if (has(details, 'seen.indicator')) return 'intel';
  if (has(details, 'share_type')) return 'smb_mapping';
  const action = details['action'];
  if (typeof action === 'string' && action.startsWith('SMB::FILE_')) return 'smb_files';
  if (has(details, 'certificate.subject') || has(details, 'certificate.serial')) return 'x509';
  if (has(details, 'software_type')) return 'software';
  if (has(details, 'query') && (has(details, 'qtype_name') || has(details, 'trans_id') || has(details, 'rcode'))) return 'dns';
  if (has(details, 'method') && (has(details, 'uri') || has(details, 'status_code'))) return 'http';
  if (has(details, 'mailfrom') || has(details, 'rcptto') || has(details, 'helo')) return 'smtp';
  if (has(details, 'auth_success') || has(details, 'auth_attempts')) return 'ssh';
  if (has(details, 'cookie') && (has(details, 'security_protocol') || has(details, 'keyboard_layout'))) return 'rdp';
  if (has(details, 'assigned_addr') || has(details, 'msg_types') || has(details, 'lease_time')) return 'dhcp';
  if (has(details, 'fuid') && (has(details, 'mime_type') || has(details, 'tx_hosts') || has(details, 'source'))) return 'files';
  if (has(details, 'cipher') || (has(details, 'server_name') && has(details, 'established'))) return 'ssl';
  if (has(details, 'conn_state') || (has(details, 'proto') && has(details, 'history'))) return 'conn';
  if (has(details, 'name') && has(details, 'peer') && has(details, 'notice')) return 'weird';
  return undefined;
}

/** True for a Zeek record: has a Zeek connection 5-tuple or `_path`. Cheap check for registration. */
export function looksLikeZeek(details: unknown): boolean {
  if (!isRecord(details)) return false;
  if (typeof details['_path'] === 'string') return true;
  if (details['ts'] === undefined) return false;
  return details['id.orig_h'] !== undefined || isRecord(details['id']) || details['fuid'] !== undefined || typeof details['note'] === 'string';
}
