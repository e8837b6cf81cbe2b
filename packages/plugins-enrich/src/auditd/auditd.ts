import type { EnrichmentPlugin, EnrichmentResult, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, isBlank, isRecord, markParseFailed, markPlugin, setIfAbsent, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';
import { decodeAuditValue, parseAuditRecord } from './internal/auditRecords';
import type { AuditRecord } from './internal/auditRecords';
import { X86_64_SYSCALLS } from './internal/syscallNames';

/** Options of {@link auditd}. */
export interface AuditdOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Largest text (bytes) of raw records parsed from one event; larger ones are tagged and left. @default 1048576 */
  maxBatchBytes?: number;
  /** Most audit events (distinct serials) one input event may split into. @default 1000 */
  maxEventsPerBatch?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    maxBatchBytes: { type: 'integer', minimum: 1 },
    maxEventsPerBatch: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
};

const AUDIT_PROCESSES = new Set(['audisp-json', 'auditd', 'audispd', 'audisp-syslog', 'audit']);
const ARG = /^a(\d{1,5})(?:\[(\d{1,6})\])?$/;

/** Record-level keys copied to details under the same name, when present. */
const SYSCALL_KEYS = ['arch', 'exit', 'ppid', 'pid', 'auid', 'uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'ses', 'tty', 'comm', 'exe', 'subj'];
/** USER_* fields audit hex-encodes when they hold spaces or odd characters. */
const ENCODED_USER_KEYS = new Set(['acct', 'exe', 'hostname', 'terminal']);
const USER_KEYS = ['pid', 'uid', 'auid', 'ses', 'op', 'acct', 'exe', 'hostname', 'terminal', 'id', 'grantors'];

function isUnset(value: string | undefined): value is undefined {
  return value === undefined || value === '(null)' || value === '?' || value === '(none)';
}

function argumentsOf(record: AuditRecord): string {
  const parts: string[][] = [];
  for (const key of Object.keys(record.fields)) {
    const m = ARG.exec(key);
    if (m === null) continue;
    const index = Number(m[1]);
    const chunk = m[2] === undefined ? 0 : Number(m[2]);
    const list = (parts[index] ??= []);
    list[chunk] = decodeAuditValue(record.fields[key] as string, record.unquoted.has(key));
  }
  return parts.map((chunks) => chunks.join('')).join(' ');
}

/** Joins the records of one serial into `details`; returns the primary record type. */
function joinRecords(records: readonly AuditRecord[], details: Details): string {
  let primary = (records[0] as AuditRecord).type;
  const paths: { name: string; nametype?: string }[] = [];
  for (const record of records) {
    const f = record.fields;
    switch (record.type) {
      case 'SYSCALL': {
        primary = 'SYSCALL';
        for (const key of SYSCALL_KEYS) {
          const value = f[key];
          if (!isUnset(value)) details[key] = key === 'comm' || key === 'exe' ? decodeAuditValue(value, record.unquoted.has(key)) : value;
        }
        const number = f['syscall'];
        if (number !== undefined) {
          details['syscallnumber'] = number;
          details['syscall'] = (f['arch'] === 'c000003e' ? X86_64_SYSCALLS.get(number) : undefined) ?? number;
        }
        if (f['success'] !== undefined) details['success'] = f['success'] === 'yes';
        const key = f['key'];
        if (!isUnset(key)) details['key'] = decodeAuditValue(key, record.unquoted.has('key'));
        break;
      }
      case 'EXECVE': {
        details['cmdline'] = argumentsOf(record);
        if (f['argc'] !== undefined) details['argc'] = Number(f['argc']);
        break;
      }
      case 'PROCTITLE': {
        const title = f['proctitle'];
        if (title !== undefined) {
          const decoded = decodeAuditValue(title, record.unquoted.has('proctitle'));
          details['proctitle'] = decoded;
          setIfAbsent(details, 'cmdline', decoded);
        }
        break;
      }
      case 'CWD': {
        const cwd = f['cwd'];
        if (cwd !== undefined) details['cwd'] = decodeAuditValue(cwd, record.unquoted.has('cwd'));
        break;
      }
      case 'PATH': {
        const name = f['name'];
        if (!isUnset(name)) {
          const entry: { name: string; nametype?: string } = { name: decodeAuditValue(name, record.unquoted.has('name')) };
          if (f['nametype'] !== undefined) entry.nametype = f['nametype'];
          paths.push(entry);
        }
        break;
      }
      case 'EOE':
        break;
      default: {
        if (record === records[0]) primary = record.type;
        for (const key of USER_KEYS) {
          const value = f[key];
          if (isUnset(value)) continue;
          const decoded = ENCODED_USER_KEYS.has(key) ? decodeAuditValue(value, record.unquoted.has(key)) : value;
          setIfAbsent(details, key === 'acct' ? 'username' : key, decoded);
        }
        const res = f['res'] ?? f['result'];
        if (res !== undefined) details['success'] = res === 'success' || res === '1';
        const addr = f['addr'];
        if (!isUnset(addr)) details['sourceipaddress'] = addr;
        const cmd = f['cmd'];
        if (cmd !== undefined) details['command'] = decodeAuditValue(cmd, record.unquoted.has('cmd'));
        const key = f['key'];
        if (!isUnset(key)) setIfAbsent(details, 'key', decodeAuditValue(key, record.unquoted.has('key')));
      }
    }
  }
  if (paths.length > 0) {
    details['paths'] = paths;
    details['path'] = (paths[0] as { name: string }).name;
  }
  details['auditserial'] = (records[0] as AuditRecord).serial;
  details['type'] = primary;
  return primary;
}

function summarize(primary: string, details: Details): string {
  const who = `auid=${text(details['auid']) ?? '?'} uid=${text(details['uid']) ?? '?'}`;
  const outcome = details['success'] === false ? ' (failed)' : '';
  if (primary === 'SYSCALL') {
    const syscall = text(details['syscall']) ?? '?';
    const what = str(details['cmdline']) || str(details['exe']) || str(details['comm']) || '?';
    const target = syscall !== 'execve' && str(details['path']) !== undefined ? ` on ${str(details['path'])}` : '';
    const label = syscall.charAt(0).toUpperCase() + syscall.slice(1);
    return `${label}: ${what}${target} by ${who}${outcome}`;
  }
  const user = str(details['username']);
  const from = str(details['sourceipaddress']);
  const op = str(details['op']) ?? str(details['command']);
  return `${primary}${op === undefined ? '' : ` ${op}`}${user === undefined ? '' : ` for ${user}`}${from === undefined ? '' : ` from ${from}`} by ${who}${outcome}`;
}

/** MozDef audisp-json (and its CEF-like predecessor) field names → the normalized ones. */
function normalizeAudispJson(event: VigilEvent, details: Details): void {
  setIfAbsent(details, 'auid', text(details['originaluid']));
  setIfAbsent(details, 'exe', str(details['process']) ?? str(details['dproc']));
  setIfAbsent(details, 'ses', text(details['sessionid']));
  setIfAbsent(details, 'key', str(details['auditkey'])?.trim());
  setIfAbsent(details, 'cmdline', str(details['command']) || undefined);
  const summary = str(event.summary) ?? '';
  const colon = summary.indexOf(': ');
  if (colon > 0 && colon < 32) setIfAbsent(details, 'cmdline', summary.slice(colon + 2));
  const category = str(event.category) || str(details['signatureid']) || '';
  if (/^[A-Za-z_]{2,32}$/.test(category) && category !== 'auditd') setIfAbsent(details, 'syscall', category.toLowerCase());
  setIfAbsent(details, 'username', str(details['duser']));
  setIfAbsent(details, 'originaluser', str(details['suser']));
}

/**
 * Parses Linux audit records: raw `type=… msg=audit(…)` lines (several records of one event arriving in
 * one input event are joined by serial: EXECVE arguments and PROCTITLE hex-decoded, CWD, PATH; one output
 * event per serial) and MozDef's audisp-json events. Sets details auid, uid, euid, exe, cmdline, syscall,
 * success, cwd, key, ses, tty and a readable summary.
 */
export function auditd(options?: AuditdOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:auditd', SCHEMA, options);
  const name = 'enrich:auditd';
  const maxBytes = opts.maxBatchBytes ?? 1_048_576;
  const maxEvents = opts.maxEventsPerBatch ?? 1000;

  function rawText(event: VigilEvent): string | undefined {
    const summary = event.summary;
    if (typeof summary === 'string' && summary.includes('msg=audit(')) return summary;
    const details: unknown = event.details;
    if (isRecord(details)) {
      const message = details['message'];
      if (typeof message === 'string' && message.includes('msg=audit(')) return message;
    }
    return undefined;
  }

  function enrichRaw(event: VigilEvent, raw: string): EnrichmentResult {
    if (raw.length > maxBytes) {
      markParseFailed(event, 'auditd');
      return event;
    }
    const groups = new Map<string, AuditRecord[]>();
    for (const line of raw.split('\n')) {
      const record = parseAuditRecord(line);
      if (record === undefined) continue;
      const group = groups.get(record.serial);
      if (group !== undefined) group.push(record);
      else if (groups.size < maxEvents) groups.set(record.serial, [record]);
    }
    if (groups.size === 0) {
      markParseFailed(event, 'auditd');
      return event;
    }
    const out: VigilEvent[] = [];
    for (const records of groups.values()) {
      const target: VigilEvent =
        out.length === 0
          ? event
          : {
              ...event,
              id: `${event.id}-${(records[0] as AuditRecord).serial}`,
              tags: Array.isArray(event.tags) ? [...event.tags] : [],
              details: {},
              ...(Array.isArray(event.plugins) ? { plugins: [...event.plugins] } : {}),
            };
      const details = detailsOf(target);
      if (target === event) delete details['message'];
      const primary = joinRecords(records, details);
      const time = (records[0] as AuditRecord).time;
      if (Number.isFinite(time) && time > 0 && time < 8.64e15) {
        const iso = new Date(time).toISOString();
        target.utctimestamp = iso;
        target.timestamp = iso;
      }
      target.summary = summarize(primary, details);
      target.category = 'auditd';
      if (isBlank(target.processname)) target.processname = 'auditd';
      addTag(target, 'auditd');
      markPlugin(target, name);
      out.push(target);
    }
    return out.length === 1 ? (out[0] as VigilEvent) : out;
  }

  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const processname = event.processname;
      if (typeof processname === 'string' && AUDIT_PROCESSES.has(processname.toLowerCase())) return true;
      if (rawText(event) !== undefined) return true;
      const details: unknown = event.details;
      return isRecord(details) && (details['auditserial'] !== undefined || details['auditkey'] !== undefined);
    },
    enrich(event) {
      const raw = rawText(event);
      if (raw !== undefined) return enrichRaw(event, raw);
      const details = detailsOf(event);
      if (details['auditserial'] === undefined && details['auditkey'] === undefined && details['process'] === undefined) {
        return event;
      }
      normalizeAudispJson(event, details);
      addTag(event, 'auditd');
      markPlugin(event, name);
      return event;
    },
  };
}
