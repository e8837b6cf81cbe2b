import type { EnrichmentPlugin, Severity, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, getPath, int, isBlank, isRecord, markParseFailed, markPlugin, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { applyEventTime } from '../internal/timestamps';
import { validateOptions } from '../internal/validateOptions';
import { looksLikeZeek, zeekLogType } from './zeekLogType';
import type { ZeekLogType } from './zeekLogType';

/** Options of {@link zeek}. */
export interface ZeekOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Set `utctimestamp`/`timestamp` from the record's `ts`. @default true */
  useRecordTime?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, useRecordTime: { type: 'boolean' } },
  additionalProperties: false,
};

const SEVERITY: Partial<Record<ZeekLogType, Severity>> = { notice: 'NOTICE', intel: 'NOTICE', weird: 'INFO' };

function t(details: Details, path: string): string {
  const value = getPath(details, path);
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').join(',');
  return text(value) ?? '';
}

function firstOf(details: Details, path: string): string | undefined {
  const value = getPath(details, path);
  if (Array.isArray(value)) return text(value[0]);
  return text(value);
}

/** The non-empty parts, space-separated: one flat string (concatenation would keep a tree of pieces). */
function join(...parts: string[]): string {
  let n = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== '') parts[n++] = parts[i] as string;
  parts.length = n;
  return parts.join(' ');
}

function setNetwork(details: Details, type: ZeekLogType): void {
  let src = firstOf(details, 'id.orig_h');
  let sport = getPath(details, 'id.orig_p');
  let dst = firstOf(details, 'id.resp_h');
  let dport = getPath(details, 'id.resp_p');
  if (type === 'files') {
    src ??= firstOf(details, 'tx_hosts');
    dst ??= firstOf(details, 'rx_hosts');
  } else if (type === 'notice' || type === 'weird') {
    src ??= firstOf(details, 'src');
    dst ??= firstOf(details, 'dst');
    dport ??= getPath(details, 'p');
  } else if (type === 'software') {
    src ??= firstOf(details, 'host');
    sport ??= getPath(details, 'host_p');
  } else if (type === 'dhcp') {
    src ??= firstOf(details, 'client_addr') ?? firstOf(details, 'assigned_addr');
    dst ??= firstOf(details, 'server_addr');
  }
  if (src !== undefined) details['sourceipaddress'] = src;
  if (dst !== undefined) details['destinationipaddress'] = dst;
  const sp = int(sport);
  const dp = int(dport);
  if (sp !== undefined) details['sourceport'] = sp;
  if (dp !== undefined) details['destinationport'] = dp;
}

function flow(d: Details): string {
  const src = text(d['sourceipaddress']) ?? '?';
  const dst = text(d['destinationipaddress']) ?? '?';
  const sport = text(d['sourceport']);
  const dport = text(d['destinationport']);
  return `${src}${sport === undefined ? '' : `:${sport}`} -> ${dst}${dport === undefined ? '' : `:${dport}`}`;
}

function summarize(type: ZeekLogType, d: Details): string {
  switch (type) {
    case 'conn':
      return join(flow(d), t(d, 'proto'), t(d, 'service'), t(d, 'conn_state'), `${t(d, 'orig_bytes') || '0'}b/${t(d, 'resp_bytes') || '0'}b`);
    case 'dns':
      return join('DNS', t(d, 'qtype_name') || t(d, 'qtype'), t(d, 'query'), t(d, 'rcode_name'), flow(d), t(d, 'answers'));
    case 'http':
      return join('HTTP', t(d, 'method'), flow(d), `${t(d, 'host')}${t(d, 'uri')}`, t(d, 'status_code'));
    case 'ssl':
      return join('SSL', flow(d), t(d, 'server_name'), t(d, 'version'), getPath(d, 'established') === false ? 'not established' : '');
    case 'x509':
      return join('X509 certificate', t(d, 'certificate.subject'), 'issued by', t(d, 'certificate.issuer') || '?', t(d, 'san.dns'));
    case 'ssh': {
      const auth = getPath(d, 'auth_success');
      const outcome = auth === true ? 'success' : auth === false ? 'failed' : 'unknown';
      return join('SSH', flow(d), outcome, t(d, 'client'), t(d, 'server'));
    }
    case 'notice':
      return join(t(d, 'note'), t(d, 'msg'), t(d, 'sub'));
    case 'files':
      return join('File', t(d, 'filename') || t(d, 'fuid'), t(d, 'mime_type'), t(d, 'source'), flow(d), t(d, 'sha256') || t(d, 'sha1') || t(d, 'md5'));
    case 'smtp':
      return join('SMTP', flow(d), 'from', t(d, 'mailfrom') || '?', 'to', t(d, 'rcptto') || '?', t(d, 'subject'));
    case 'dhcp':
      return join('DHCP', t(d, 'assigned_addr') || '?', 'assigned to', t(d, 'mac') || '?', t(d, 'host_name'), t(d, 'msg_types'));
    case 'intel':
      return join(
        'Intel match:',
        t(d, 'seen.indicator') || t(d, 'seenindicator'),
        `(${t(d, 'seen.indicator_type') || t(d, 'seenindicatortype')})`,
        'seen in',
        t(d, 'seen.where') || t(d, 'seenwhere'),
        flow(d),
        t(d, 'sources'),
      );
    case 'software':
      return join('Software', t(d, 'software_type'), t(d, 'name'), t(d, 'unparsed_version') || t(d, 'version.major'), 'on', t(d, 'host'));
    case 'weird':
      return join('Weird', t(d, 'name'), t(d, 'addl'), flow(d));
    case 'rdp':
      return join('RDP', flow(d), t(d, 'cookie'), t(d, 'result'), t(d, 'security_protocol'));
    case 'smb_files':
      return join('SMB', t(d, 'action').replace('SMB::', ''), `${t(d, 'path')}${t(d, 'path') && t(d, 'name') ? '\\' : ''}${t(d, 'name')}`, flow(d));
    case 'smb_mapping':
      return join('SMB mapping', t(d, 'path'), t(d, 'share_type'), flow(d));
  }
}

/**
 * Core's normalizer reads some Zeek field names as event fields: `msg` (notice) becomes the summary, `host`
 * (http, software) the hostname, `source` (files) the source. Put them back into details before reading.
 */
function restoreAliased(event: VigilEvent, d: Details, type: ZeekLogType): void {
  if (type === 'notice' && d['msg'] === undefined && !isBlank(event.summary)) d['msg'] = event.summary;
  if ((type === 'http' || type === 'software') && d['host'] === undefined && !isBlank(event.hostname)) d['host'] = event.hostname;
  if (type === 'files' && d['source'] === undefined && !isBlank(event.source) && event.source !== 'zeek' && event.source !== 'bro') d['source'] = event.source;
}

/**
 * Parses Zeek (Bro) JSON logs — conn, dns, http, ssl, x509, ssh, notice, files, smtp, dhcp, intel, software,
 * weird, rdp, smb_files, smb_mapping — detected from `_path`, the event's source/category, or field signatures.
 * Sets standard `sourceipaddress`/`sourceport`/`destinationipaddress`/`destinationport`, category `bro`,
 * `details.type` and a readable summary.
 */
export function zeek(options?: ZeekOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:zeek', SCHEMA, options);
  const name = 'enrich:zeek';
  const useRecordTime = opts.useRecordTime ?? true;
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const category = event.category;
      if (typeof category === 'string' && (category.startsWith('bro') || category.startsWith('zeek'))) return true;
      const source = event.source;
      if (typeof source === 'string' && (source.startsWith('bro') || source.startsWith('zeek'))) return true;
      return looksLikeZeek(event.details);
    },
    enrich(event) {
      const details = detailsOf(event);
      const type = zeekLogType(details, details['_path'], event.source, event.category, details['category']);
      if (type === undefined) {
        if (looksLikeZeek(details)) markParseFailed(event, 'zeek');
        return event;
      }
      restoreAliased(event, details, type);
      setNetwork(details, type);
      details['type'] = type;
      if (useRecordTime) applyEventTime(event, details['ts']);
      event.summary = summarize(type, details);
      event.category = 'bro';
      const severity = SEVERITY[type];
      if (severity !== undefined) event.severity = severity;
      if (isRecord(details['id'])) {
        // Nested id.* objects are flattened so the 5-tuple is searchable by the usual dotted names.
        const id = details['id'];
        for (const key of Object.keys(id)) details[`id_${key}`] = id[key];
        delete details['id'];
      }
      addTag(event, 'zeek');
      markPlugin(event, name);
      return event;
    },
  };
}
