import type { VigilEvent } from '@vigil/core';
import { int, isRecord, num, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';

/** An Elastic Common Schema document (nested objects, ECS field names). */
export type EcsDocument = Record<string, unknown>;

const SYSLOG_SEVERITY: Readonly<Record<string, number>> = {
  EMERGENCY: 0, ALERT: 1, CRITICAL: 2, ERROR: 3, WARNING: 4, NOTICE: 5, INFO: 6, DEBUG: 7,
};

/** MozDef category → ECS `event.category` values. */
const CATEGORY: Readonly<Record<string, readonly string[]>> = {
  authentication: ['authentication'],
  bro: ['network'],
  suricata: ['network'],
  firewall: ['network'],
  network: ['network'],
  proxy: ['web', 'network'],
  auditd: ['process'],
  vulnerability: ['vulnerability'],
  complianceitems: ['configuration'],
  cloudtrail: ['configuration'],
  guardduty: ['threat'],
  github: ['configuration'],
};

/** The details fields {@link toEcs} maps (removed from details by the ecs plugin in `instead` mode). */
export const ECS_MAPPED_DETAILS: readonly string[] = [
  'sourceipaddress', 'sourceport', 'destinationipaddress', 'destinationport', 'username', 'targetuser', 'success',
  'exe', 'cmdline', 'cwd', 'url', 'method', 'region', 'accountid', 'sourceipgeolocation', 'destinationipgeolocation',
  'sourceipasn', 'sourceipasorganization', 'destinationipasn', 'destinationipasorganization', 'useragent',
];

function put(doc: EcsDocument, path: readonly string[], value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  let node = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    let next = node[key];
    if (!isRecord(next)) {
      next = {};
      node[key] = next;
    }
    node = next as EcsDocument;
  }
  node[path[path.length - 1] as string] = value;
}

function endpoint(doc: EcsDocument, side: 'source' | 'destination', d: Details): void {
  put(doc, [side, 'ip'], str(d[`${side}ipaddress`]));
  put(doc, [side, 'port'], int(d[`${side}port`]));
  const geo = d[`${side}ipgeolocation`];
  if (isRecord(geo)) {
    put(doc, [side, 'geo', 'city_name'], str(geo['city']));
    put(doc, [side, 'geo', 'region_name'], str(geo['region']));
    put(doc, [side, 'geo', 'country_name'], str(geo['country']));
    put(doc, [side, 'geo', 'country_iso_code'], str(geo['countrycode']));
    const lat = num(geo['latitude']);
    const lon = num(geo['longitude']);
    if (lat !== undefined && lon !== undefined) put(doc, [side, 'geo', 'location'], { lat, lon });
    put(doc, [side, 'geo', 'timezone'], str(geo['timezone']));
  }
  put(doc, [side, 'as', 'number'], int(d[`${side}ipasn`]));
  put(doc, [side, 'as', 'organization', 'name'], str(d[`${side}ipasorganization`]));
}

/**
 * Maps a Vigil (MozDef-style) event to an Elastic Common Schema document. See the mapping table in
 * docs/plugins-enrich.md. Never throws on odd events: fields of the wrong type are left out.
 */
export function toEcs(event: VigilEvent): EcsDocument {
  const doc: EcsDocument = {};
  const d: Details = isRecord(event.details) ? event.details : {};
  put(doc, ['@timestamp'], str(event.utctimestamp));
  put(doc, ['message'], str(event.summary));
  if (Array.isArray(event.tags)) put(doc, ['tags'], event.tags.filter((t) => typeof t === 'string'));
  put(doc, ['event', 'id'], str(event.id));
  put(doc, ['event', 'created'], str(event.receivedtimestamp));
  put(doc, ['event', 'kind'], event.type === 'alert' ? 'alert' : 'event');
  const category = str(event.category);
  put(doc, ['event', 'category'], category === undefined ? undefined : CATEGORY[category]);
  put(doc, ['event', 'dataset'], str(event.source));
  const severity = str(event.severity);
  if (severity !== undefined && SYSLOG_SEVERITY[severity] !== undefined) {
    put(doc, ['event', 'severity'], SYSLOG_SEVERITY[severity]);
    put(doc, ['log', 'syslog', 'severity', 'name'], severity.toLowerCase());
  }
  const success = d['success'];
  if (typeof success === 'boolean') put(doc, ['event', 'outcome'], success ? 'success' : 'failure');
  put(doc, ['event', 'action'], str(d['action']) ?? str(d['eventname']) ?? str(d['githubaction']));
  endpoint(doc, 'source', d);
  endpoint(doc, 'destination', d);
  put(doc, ['user', 'name'], str(d['username']) ?? str(d['actor']));
  put(doc, ['user', 'target', 'name'], str(d['targetuser']));
  put(doc, ['host', 'name'], str(event.hostname));
  put(doc, ['process', 'name'], str(event.processname));
  put(doc, ['process', 'pid'], int(event.processid) ?? int(d['pid']));
  put(doc, ['process', 'executable'], str(d['exe']));
  put(doc, ['process', 'command_line'], str(d['cmdline']) ?? str(d['command']));
  put(doc, ['process', 'working_directory'], str(d['cwd']) ?? str(d['pwd']));
  const transport = str(d['proto']) ?? str(d['protocol']);
  if (transport !== undefined && /^(tcp|udp|icmp|ipv6-icmp|sctp)$/i.test(transport)) put(doc, ['network', 'transport'], transport.toLowerCase());
  put(doc, ['network', 'protocol'], str(d['service'])?.toLowerCase() ?? str(d['app_proto'])?.toLowerCase());
  put(doc, ['url', 'original'], str(d['url']));
  put(doc, ['url', 'domain'], str(d['host']) ?? str(d['server_name']));
  put(doc, ['http', 'request', 'method'], str(d['method']));
  put(doc, ['http', 'response', 'status_code'], int(d['status_code']) ?? int(d['status']));
  put(doc, ['user_agent', 'original'], str(d['useragent']) ?? str(d['user_agent']));
  put(doc, ['cloud', 'region'], str(d['region']));
  put(doc, ['cloud', 'account', 'id'], text(d['accountid']));
  const cves = d['cves'];
  if (Array.isArray(cves) && typeof cves[0] === 'string') put(doc, ['vulnerability', 'id'], cves[0]);
  put(doc, ['vulnerability', 'score', 'base'], num(d['cvss']));
  return doc;
}
