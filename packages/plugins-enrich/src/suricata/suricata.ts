import type { EnrichmentPlugin, Severity, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, int, isRecord, markParseFailed, markPlugin, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { applyEventTime } from '../internal/timestamps';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link suricata}. */
export interface SuricataOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Set `utctimestamp`/`timestamp` from the record's `timestamp`. @default true */
  useRecordTime?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, useRecordTime: { type: 'boolean' } },
  additionalProperties: false,
};

const EVENT_TYPES = new Set(['alert', 'flow', 'http', 'dns', 'tls', 'fileinfo', 'anomaly', 'netflow', 'ssh', 'smtp', 'stats', 'drop']);

/** Suricata's alert severity (1 high … 4 informational) → RFC 5424 names. */
const ALERT_SEVERITY: ReadonlyMap<number, Severity> = new Map([
  [1, 'CRITICAL'],
  [2, 'WARNING'],
  [3, 'NOTICE'],
  [4, 'INFO'],
]);

function sub(details: Details, key: string): Details {
  const value = details[key];
  return isRecord(value) ? value : {};
}

function v(record: Details, key: string): string {
  const value = record[key];
  if (Array.isArray(value)) return value.filter((x) => typeof x === 'string').join(',');
  return text(value) ?? '';
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

function flow(d: Details): string {
  const sport = text(d['sourceport']);
  const dport = text(d['destinationport']);
  return `${text(d['sourceipaddress']) ?? '?'}${sport === undefined ? '' : `:${sport}`} -> ${text(d['destinationipaddress']) ?? '?'}${dport === undefined ? '' : `:${dport}`}`;
}

function summarize(type: string, d: Details): string {
  switch (type) {
    case 'alert': {
      const a = sub(d, 'alert');
      return join('Suricata alert:', v(a, 'signature') || `sid ${v(a, 'signature_id')}`, `[${v(a, 'category')}]`, v(d, 'proto'), flow(d), v(a, 'action'));
    }
    case 'http': {
      const h = sub(d, 'http');
      return join('HTTP', v(h, 'http_method'), flow(d), `${v(h, 'hostname')}${v(h, 'url')}`, v(h, 'status'));
    }
    case 'dns': {
      const q = sub(d, 'dns');
      return join('DNS', v(q, 'type'), v(q, 'rrtype'), v(q, 'rrname'), v(q, 'rcode'), flow(d));
    }
    case 'tls': {
      const tls = sub(d, 'tls');
      return join('TLS', flow(d), v(tls, 'sni'), v(tls, 'version'), v(tls, 'subject'));
    }
    case 'fileinfo': {
      const f = sub(d, 'fileinfo');
      return join('File', v(f, 'filename'), v(f, 'magic'), v(d, 'app_proto'), flow(d), v(f, 'sha256') || v(f, 'md5'));
    }
    case 'flow': {
      const f = sub(d, 'flow');
      return join('Flow', v(d, 'proto'), v(d, 'app_proto'), flow(d), v(f, 'state'), `${v(f, 'bytes_toserver') || '0'}b/${v(f, 'bytes_toclient') || '0'}b`);
    }
    case 'anomaly': {
      const a = sub(d, 'anomaly');
      return join('Anomaly', v(a, 'type'), v(a, 'event'), v(a, 'layer'), flow(d));
    }
    default:
      return join('Suricata', type, v(d, 'proto'), flow(d));
  }
}

/**
 * Parses Suricata eve.json records (alert, flow, http, dns, tls, fileinfo, anomaly; others get the standard
 * fields): summary, severity from `alert.severity`, `sourceipaddress`/`sourceport`/`destinationipaddress`/
 * `destinationport`, category `suricata`, `details.type` = event_type.
 */
export function suricata(options?: SuricataOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:suricata', SCHEMA, options);
  const name = 'enrich:suricata';
  const useRecordTime = opts.useRecordTime ?? true;
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const details: unknown = event.details;
      if (!isRecord(details)) return false;
      const type = details['event_type'];
      return typeof type === 'string' && EVENT_TYPES.has(type) && (details['src_ip'] !== undefined || details['flow_id'] !== undefined);
    },
    enrich(event) {
      const details = detailsOf(event);
      const type = str(details['event_type']);
      if (type === undefined || !EVENT_TYPES.has(type)) return event;
      const src = text(details['src_ip']);
      const dst = text(details['dest_ip']);
      if (src === undefined && dst === undefined && type !== 'stats') {
        markParseFailed(event, 'suricata');
        return event;
      }
      if (src !== undefined) details['sourceipaddress'] = src;
      if (dst !== undefined) details['destinationipaddress'] = dst;
      const sport = int(details['src_port']);
      const dport = int(details['dest_port']);
      if (sport !== undefined) details['sourceport'] = sport;
      if (dport !== undefined) details['destinationport'] = dport;
      details['type'] = type;
      if (useRecordTime) applyEventTime(event, details['timestamp']);
      if (type === 'alert') {
        const severity = ALERT_SEVERITY.get(int(sub(details, 'alert')['severity']) ?? 0);
        if (severity !== undefined) event.severity = severity;
      }
      event.summary = summarize(type, details);
      event.category = 'suricata';
      addTag(event, 'suricata');
      markPlugin(event, name);
      return event;
    },
  };
}
