import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, isBlank, isRecord, markParseFailed, markPlugin } from '../internal/eventFields';
import { containsMarker } from '../internal/containsMarker';
import { equalsLowerCase } from '../internal/equalsLowerCase';
import { applyEventTime } from '../internal/timestamps';
import { applyHeader, parseSyslogLine } from '../internal/syslogLine';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link proxy}. */
export interface ProxyOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' } },
  additionalProperties: false,
};

// Squid native access.log: time elapsed client code/status bytes method URL rfc931 peerstatus/peerhost type
const SQUID =
  /^(\d{9,11}\.\d{1,3})\s+(\d{1,10}) (\S{1,64}) ([A-Z_]{1,64})\/(\d{3}) (\d{1,19}) ([A-Z_-]{1,32}) (\S{1,8192}) (\S{1,256}) ([A-Z_]{1,64})\/(\S{1,256}) (\S{1,256})/;
const HOST_PORT = /^(?:[a-z][a-z0-9+.-]{0,15}:\/\/)?(?:[^/@]*@)?(\[[^\]]{1,64}\]|[^/:?#]{1,255})(?::(\d{1,5}))?/i;

/**
 * Parses Squid native-format access.log lines: client (`sourceipaddress`), method, url, host, status,
 * squid result code, bytes, elapsed ms, user, hierarchy and content type; category `proxy`.
 */
export function proxy(options?: ProxyOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:proxy', SCHEMA, options);
  const name = 'enrich:proxy';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const processname = event.processname;
      if (typeof processname === 'string' && equalsLowerCase(processname, 'squid')) return true;
      const details: unknown = event.details;
      if (isRecord(details) && details['program'] === 'squid') return true;
      const source = event.source;
      if (typeof source === 'string' && (source === 'squid' || source === 'proxy')) return true;
      const summary = event.summary;
      if (typeof summary !== 'string' || summary.length >= 16_384) return false;
      // A native squid line starts with its epoch time: skip the expression for anything else.
      const first = summary.charCodeAt(0);
      return (first >= 48 && first <= 57 && SQUID.test(summary)) || containsMarker(summary, 'squid[');
    },
    enrich(event) {
      const summary = event.summary;
      if (typeof summary !== 'string' || summary.length > 16_384) return event;
      const header = parseSyslogLine(summary);
      const line = header === undefined ? summary : header.message;
      const m = SQUID.exec(line);
      if (m === null) {
        markParseFailed(event, 'proxy');
        return event;
      }
      const d = detailsOf(event);
      d['sourceipaddress'] = m[3];
      d['proxyaction'] = m[4];
      d['status'] = Number(m[5]);
      d['bytes'] = Number(m[6]);
      d['elapsedms'] = Number(m[2]);
      d['method'] = m[7];
      const url = m[8] as string;
      d['url'] = url;
      if (m[9] !== '-') d['username'] = m[9];
      d['hierarchy'] = m[10];
      if (m[11] !== '-') d['upstream'] = m[11];
      if (m[12] !== '-') d['contenttype'] = m[12];
      const hp = HOST_PORT.exec(url);
      if (hp !== null) {
        d['host'] = (hp[1] as string).replace(/^\[|\]$/g, '');
        if (hp[2] !== undefined) d['destinationport'] = Number(hp[2]);
        else if (url.startsWith('https://')) d['destinationport'] = 443;
        else if (url.startsWith('http://')) d['destinationport'] = 80;
      }
      applyEventTime(event, m[1]);
      applyHeader(event, header);
      event.summary = `${m[3]} ${m[7]} ${url} ${m[5]} ${m[4]}`;
      event.category = 'proxy';
      if (isBlank(event.source)) event.source = 'squid';
      addTag(event, 'proxy');
      markPlugin(event, name);
      return event;
    },
  };
}
