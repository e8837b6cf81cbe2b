import type { EnrichmentPlugin, EnrichmentResult, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, isBlank, isRecord, markParseFailed, markPlugin, setIfAbsent, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { equalsLowerCase } from '../internal/equalsLowerCase';
import { isoFromMillis } from '../internal/timestamps';
import { validateOptions } from '../internal/validateOptions';
import { fieldNames, fieldText, fieldValue, parseAuditRecordAt } from './internal/auditRecords';
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

const AUDIT_PROCESSES = ['audisp-json', 'auditd', 'audispd', 'audisp-syslog', 'audit'];
const ARG = /^a(\d{1,5})(?:\[(\d{1,6})\])?$/;

function isAuditProcess(processname: string): boolean {
  for (let i = 0; i < AUDIT_PROCESSES.length; i++) if (equalsLowerCase(processname, AUDIT_PROCESSES[i] as string)) return true;
  return false;
}

/** USER_* fields audit hex-encodes when they hold spaces or odd characters. */
const ENCODED_USER_KEYS = new Set(['acct', 'exe', 'hostname', 'terminal']);
const USER_KEYS = ['pid', 'uid', 'auid', 'ses', 'op', 'acct', 'exe', 'hostname', 'terminal', 'id', 'grantors'];

function isUnset(value: string | undefined): value is undefined {
  return value === undefined || value === '(null)' || value === '?' || value === '(none)';
}

function argumentsOf(record: AuditRecord): string {
  const parts: string[][] = [];
  for (const key of fieldNames(record)) {
    // Cheap test before the expression: argument keys are `a<digits>` or `a<digits>[<digits>]`.
    if (key.charCodeAt(0) !== 97) continue;
    const m = ARG.exec(key);
    if (m === null) continue;
    const index = Number(m[1]);
    const chunk = m[2] === undefined ? 0 : Number(m[2]);
    const list = (parts[index] ??= []);
    list[chunk] = fieldText(record, key) as string;
  }
  return parts.map((chunks) => chunks.join('')).join(' ');
}

/**
 * Copies a SYSCALL record's process fields. Written out one by one: stores with literal names keep `details` in
 * V8's fast mode, where a loop of computed-name stores turns an object of this size into a slow dictionary.
 */
function copySyscallFields(record: AuditRecord, details: Details): void {
  let v = fieldValue(record, 'arch');
  if (!isUnset(v)) details['arch'] = v;
  v = fieldValue(record, 'exit');
  if (!isUnset(v)) details['exit'] = v;
  v = fieldValue(record, 'ppid');
  if (!isUnset(v)) details['ppid'] = v;
  v = fieldValue(record, 'pid');
  if (!isUnset(v)) details['pid'] = v;
  v = fieldValue(record, 'auid');
  if (!isUnset(v)) details['auid'] = v;
  v = fieldValue(record, 'uid');
  if (!isUnset(v)) details['uid'] = v;
  v = fieldValue(record, 'gid');
  if (!isUnset(v)) details['gid'] = v;
  v = fieldValue(record, 'euid');
  if (!isUnset(v)) details['euid'] = v;
  v = fieldValue(record, 'suid');
  if (!isUnset(v)) details['suid'] = v;
  v = fieldValue(record, 'fsuid');
  if (!isUnset(v)) details['fsuid'] = v;
  v = fieldValue(record, 'egid');
  if (!isUnset(v)) details['egid'] = v;
  v = fieldValue(record, 'ses');
  if (!isUnset(v)) details['ses'] = v;
  v = fieldValue(record, 'tty');
  if (!isUnset(v)) details['tty'] = v;
  v = fieldValue(record, 'comm');
  if (!isUnset(v)) details['comm'] = fieldText(record, 'comm');
  v = fieldValue(record, 'exe');
  if (!isUnset(v)) details['exe'] = fieldText(record, 'exe');
  v = fieldValue(record, 'subj');
  if (!isUnset(v)) details['subj'] = v;
}

/** Joins the records of one serial into `details`; returns the primary record type. */
function joinRecords(records: readonly AuditRecord[], details: Details): string {
  let primary = (records[0] as AuditRecord).type;
  const paths: { name: string; nametype?: string }[] = [];
  for (const record of records) {
    switch (record.type) {
      case 'SYSCALL': {
        primary = 'SYSCALL';
        copySyscallFields(record, details);
        const number = fieldValue(record, 'syscall');
        if (number !== undefined) {
          details['syscallnumber'] = number;
          details['syscall'] = (fieldValue(record, 'arch') === 'c000003e' ? X86_64_SYSCALLS.get(number) : undefined) ?? number;
        }
        const success = fieldValue(record, 'success');
        if (success !== undefined) details['success'] = success === 'yes';
        if (!isUnset(fieldValue(record, 'key'))) details['key'] = fieldText(record, 'key');
        break;
      }
      case 'EXECVE': {
        details['cmdline'] = argumentsOf(record);
        const argc = fieldValue(record, 'argc');
        if (argc !== undefined) details['argc'] = Number(argc);
        break;
      }
      case 'PROCTITLE': {
        const title = fieldText(record, 'proctitle');
        if (title !== undefined) {
          details['proctitle'] = title;
          if (details['cmdline'] === undefined || details['cmdline'] === null || details['cmdline'] === '') details['cmdline'] = title;
        }
        break;
      }
      case 'CWD': {
        const cwd = fieldText(record, 'cwd');
        if (cwd !== undefined) details['cwd'] = cwd;
        break;
      }
      case 'PATH': {
        if (!isUnset(fieldValue(record, 'name'))) {
          const entry: { name: string; nametype?: string } = { name: fieldText(record, 'name') as string };
          const nametype = fieldValue(record, 'nametype');
          if (nametype !== undefined) entry.nametype = nametype;
          paths.push(entry);
        }
        break;
      }
      case 'EOE':
        break;
      default: {
        if (record === records[0]) primary = record.type;
        for (const key of USER_KEYS) {
          const value = fieldValue(record, key);
          if (isUnset(value)) continue;
          const decoded = ENCODED_USER_KEYS.has(key) ? (fieldText(record, key) as string) : value;
          setIfAbsent(details, key === 'acct' ? 'username' : key, decoded);
        }
        const res = fieldValue(record, 'res') ?? fieldValue(record, 'result');
        if (res !== undefined) details['success'] = res === 'success' || res === '1';
        const addr = fieldValue(record, 'addr');
        if (!isUnset(addr)) details['sourceipaddress'] = addr;
        const cmd = fieldText(record, 'cmd');
        if (cmd !== undefined) details['command'] = cmd;
        if (!isUnset(fieldValue(record, 'key'))) setIfAbsent(details, 'key', fieldText(record, 'key'));
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
    // One flat string (join): a concatenated one keeps its pieces alive in every event.
    return [label, ': ', what, target, ' by ', who, outcome].join('');
  }
  const user = str(details['username']);
  const from = str(details['sourceipaddress']);
  const op = str(details['op']) ?? str(details['command']);
  return [primary, op === undefined ? '' : ` ${op}`, user === undefined ? '' : ` for ${user}`, from === undefined ? '' : ` from ${from}`, ' by ', who, outcome].join('');
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
    for (let start = 0; start <= raw.length; ) {
      let end = raw.indexOf('\n', start);
      if (end < 0) end = raw.length;
      const record = parseAuditRecordAt(raw, start, end);
      start = end + 1;
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
        const iso = isoFromMillis(time);
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
      if (typeof processname === 'string' && isAuditProcess(processname)) return true;
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
