import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, isRecord, markParseFailed, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { equalsLowerCase } from '../internal/equalsLowerCase';
import { applyHeader, parseSyslogLine } from '../internal/syslogLine';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link pf}. */
export interface PfOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' } },
  additionalProperties: false,
};

const MAX_LINE = 4096;

/**
 * filterlog CSV (pfSense/OPNsense/FreeBSD): rule,subrule,anchor,tracker,interface,reason,action,direction,ipversion,
 * then IPv4: tos,ecn,ttl,id,offset,flags,protoid,proto,length,src,dst[,sport,dport,datalen[,tcpflags,…]]
 * or IPv6: class,flowlabel,hoplimit,proto,protoid,length,src,dst[,sport,dport,datalen…].
 */
function parseFilterlog(csv: string, d: Details): boolean {
  const f = csv.split(',');
  if (f.length < 18) return false;
  const action = f[6] as string;
  const direction = f[7] as string;
  const version = f[8] as string;
  if (!/^(pass|block|reject|match|scrub|nat|rdr|binat)$/.test(action) || !/^(in|out)$/.test(direction)) return false;
  d['rule'] = f[0];
  d['interface'] = f[4];
  d['reason'] = f[5];
  d['action'] = action;
  d['direction'] = direction;
  let i: number;
  if (version === '4') {
    d['ipversion'] = 4;
    d['ttl'] = Number(f[11]);
    d['protocol'] = (f[16] ?? '').toLowerCase();
    d['length'] = Number(f[17]);
    i = 18;
  } else if (version === '6') {
    d['ipversion'] = 6;
    d['protocol'] = (f[12] ?? '').toLowerCase();
    d['length'] = Number(f[14]);
    i = 15;
  } else {
    return false;
  }
  const src = f[i];
  const dst = f[i + 1];
  if (src === undefined || dst === undefined || src === '' || dst === '') return false;
  d['sourceipaddress'] = src;
  d['destinationipaddress'] = dst;
  const proto = d['protocol'];
  if (proto === 'tcp' || proto === 'udp') {
    const sport = Number(f[i + 2]);
    const dport = Number(f[i + 3]);
    if (Number.isInteger(sport)) d['sourceport'] = sport;
    if (Number.isInteger(dport)) d['destinationport'] = dport;
    if (proto === 'tcp' && f[i + 5] !== undefined && f[i + 5] !== '') d['tcpflags'] = f[i + 5];
  }
  return true;
}

// OpenBSD pflog via tcpdump: "rule 12/(match) block in on em0: 192.0.2.7.51234 > 198.51.100.2.22: S …"
const TCPDUMP = /(?:^|[\s:])rule (\S{1,32})\(match\):? (pass|block|match|nat|rdr) (in|out) on (\S{1,32}): (\d{1,3}(?:\.\d{1,3}){3})\.(\d{1,5}) > (\d{1,3}(?:\.\d{1,3}){3})\.(\d{1,5}): ?(.{0,200})/;

function parseTcpdump(line: string, d: Details): boolean {
  const m = TCPDUMP.exec(line);
  if (m === null) return false;
  d['rule'] = (m[1] as string).replace(/\/$/, '');
  d['action'] = m[2];
  d['direction'] = m[3];
  d['interface'] = m[4];
  d['sourceipaddress'] = m[5];
  d['sourceport'] = Number(m[6]);
  d['destinationipaddress'] = m[7];
  d['destinationport'] = Number(m[8]);
  return true;
}

/**
 * Parses pf firewall logs: filterlog CSV lines (pfSense/OPNsense/FreeBSD) and OpenBSD pflog tcpdump lines →
 * action, direction, interface, rule, protocol, source/destination address and port; category `firewall`.
 */
export function pf(options?: PfOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:pf', SCHEMA, options);
  const name = 'enrich:pf';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const processname = event.processname;
      if (typeof processname === 'string' && (equalsLowerCase(processname, 'filterlog') || equalsLowerCase(processname, 'pflog') || equalsLowerCase(processname, 'pf'))) {
        return true;
      }
      const details: unknown = event.details;
      if (isRecord(details) && (details['program'] === 'filterlog' || details['program'] === 'pf')) return true;
      const summary = event.summary;
      return typeof summary === 'string' && summary.length <= MAX_LINE && (summary.includes('filterlog') || summary.includes('(match)'));
    },
    enrich(event) {
      const summary = event.summary;
      if (typeof summary !== 'string' || summary.length > MAX_LINE) return event;
      const header = parseSyslogLine(summary);
      const line = header === undefined ? summary : header.message;
      let parsed: Details = {};
      if (!parseFilterlog(line, parsed)) parsed = {};
      if (Object.keys(parsed).length === 0 && !parseTcpdump(line, parsed)) {
        markParseFailed(event, 'pf');
        return event;
      }
      const d = Object.assign(detailsOf(event), parsed);
      applyHeader(event, header);
      const sport = d['sourceport'] === undefined ? '' : `:${String(d['sourceport'])}`;
      const dport = d['destinationport'] === undefined ? '' : `:${String(d['destinationport'])}`;
      event.summary = `pf ${String(d['action'])} ${String(d['direction'])} on ${String(d['interface'])}: ${String(d['protocol'] ?? '')} ${String(d['sourceipaddress'])}${sport} -> ${String(d['destinationipaddress'])}${dport}`.replace('  ', ' ');
      event.category = 'firewall';
      addTag(event, 'pf');
      markPlugin(event, name);
      return event;
    },
  };
}
