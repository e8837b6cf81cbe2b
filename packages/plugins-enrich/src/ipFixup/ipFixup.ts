import { isIP } from 'node:net';
import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { parseIpv4 } from '../internal/parseIpv4';
import { validateOptions } from '../internal/validateOptions';
import { classifyIp } from './classifyIp';
import { AddressCandidates } from './internal/AddressCandidates';
import { DetailsDraft } from './internal/DetailsDraft';

/** Options of {@link ipFixup}. */
export interface IpFixupOptions {
  /** Plugin priority (lower runs first). @default 60 */
  priority?: number;
  /** Extra details keys to look for a source address in (after the built-in ones). @default [] */
  sourceFields?: string[];
  /** Extra details keys to look for a destination address in. @default [] */
  destinationFields?: string[];
  /** Delete loose alias fields (srcip, src_ip, client_ip, …) once their address is moved. @default true */
  removeAliases?: boolean;
  /** Write `details.sourceipclass` / `destinationipclass`. @default true */
  classify?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    sourceFields: { type: 'array', items: { type: 'string', minLength: 1 } },
    destinationFields: { type: 'array', items: { type: 'string', minLength: 1 } },
    removeAliases: { type: 'boolean' },
    classify: { type: 'boolean' },
  },
  additionalProperties: false,
};

/** Loose aliases: moved (and removed) once copied. */
const SOURCE_ALIASES = ['sourceipv4address', 'sourceipv6address', 'srcip', 'src_ip', 'sourceip', 'source_ip', 'client_ip', 'clientip', 'remote_addr', 'remoteaddr', 'remote_ip', 'remoteip', 'src_addr'];
const DESTINATION_ALIASES = ['destinationipv4address', 'destinationipv6address', 'dstip', 'dst_ip', 'dest_ip', 'destip', 'destination_ip', 'server_ip', 'dst_addr'];
/** Protocol-native fields: read, never removed. */
const SOURCE_NATIVE = ['id.orig_h', 'id_orig_h', 'src', 'ipaddress'];
const DESTINATION_NATIVE = ['id.resp_h', 'id_resp_h', 'dst'];

function isAddress(text: string): boolean {
  return parseIpv4(text) >= 0 || isIP(text) !== 0;
}

/** Normalizes "1.2.3.4:80", "[::1]:80", " 10.0.0.1 " to a bare address, or `undefined` if not an IP. */
export function normalizeIp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 2 || value.length > 64) return undefined;
  // The common case first: a bare IPv4 address (what trim() and isIP below would return unchanged).
  if (parseIpv4(value) >= 0) return value;
  let ip = value.trim();
  if (isAddress(ip)) return ip;
  if (ip.startsWith('[')) {
    const end = ip.indexOf(']');
    if (end > 0) ip = ip.slice(1, end);
  } else {
    const colon = ip.lastIndexOf(':');
    if (colon > 0 && ip.indexOf(':') === colon) ip = ip.slice(0, colon);
  }
  return isAddress(ip) ? ip : undefined;
}

/** The fields ipFixup writes. */
const WRITTEN = ['sourceipaddress', 'destinationipaddress', 'invalidsourceipaddress', 'invaliddestinationipaddress', 'sourceipclass', 'destinationipclass', 'id'];

/** Indexes into the candidate keys of one side: its aliases, then its protocol fields. */
interface Side {
  target: 'sourceipaddress' | 'destinationipaddress';
  aliases: readonly number[];
  native: readonly number[];
}

function fix(d: DetailsDraft, side: Side, candidates: AddressCandidates, removeAliases: boolean): string | undefined {
  const target = side.target;
  const current = d.read(target);
  const normalized = normalizeIp(current);
  if (normalized !== undefined) {
    if (normalized !== current) d.write(target, normalized);
  } else if (current !== undefined && current !== null && current !== '') {
    // Not an address (a hostname, "<randomipaddress>", a number): keep it, but not where an IP mapping expects one.
    d.write(`invalid${target}`, current);
    d.remove(target);
  }
  let found = normalized;
  for (const i of side.aliases) {
    const value = candidates.value(i);
    if (value === undefined) continue;
    const ip = normalizeIp(value);
    if (ip === undefined) continue;
    found ??= ip;
    if (removeAliases) d.remove(candidates.keys[i] as string);
  }
  if (found === undefined) {
    for (const i of side.native) {
      const value = candidates.value(i);
      if (value === undefined) continue;
      const ip = normalizeIp(value);
      if (ip !== undefined) {
        found = ip;
        break;
      }
    }
  }
  if (found === undefined) {
    const id = d.read('id');
    if (isRecord(id)) found = normalizeIp(target === 'sourceipaddress' ? id['orig_h'] : id['resp_h']);
  }
  if (found !== undefined) d.write(target, found);
  return found;
}

/**
 * Finds source/destination IPv4/IPv6 addresses in known and loose fields (srcip, src_ip, client_ip,
 * remote_addr, id.orig_h, …), validates them with `node:net` `isIP`, moves them to
 * `details.sourceipaddress`/`destinationipaddress` and classifies them into `details.sourceipclass`/
 * `destinationipclass` (private, loopback, link-local, multicast, reserved, public).
 */
export function ipFixup(options?: IpFixupOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:ipFixup', SCHEMA, options);
  const name = 'enrich:ipFixup';
  const sourceAliases = [...SOURCE_ALIASES, ...(opts.sourceFields ?? [])];
  const destinationAliases = [...DESTINATION_ALIASES, ...(opts.destinationFields ?? [])];
  const removeAliases = opts.removeAliases ?? true;
  const classify = opts.classify ?? true;
  const keys = [...sourceAliases, ...SOURCE_NATIVE, ...destinationAliases, ...DESTINATION_NATIVE];
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const source: Side = { target: 'sourceipaddress', aliases: range(0, sourceAliases.length), native: range(sourceAliases.length, SOURCE_NATIVE.length) };
  const offset = sourceAliases.length + SOURCE_NATIVE.length;
  const destination: Side = {
    target: 'destinationipaddress',
    aliases: range(offset, destinationAliases.length),
    native: range(offset + destinationAliases.length, DESTINATION_NATIVE.length),
  };
  const candidates = new AddressCandidates(keys, WRITTEN);
  const draft = new DetailsDraft();
  return {
    name,
    priority: opts.priority ?? 60,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      const details = detailsOf(event);
      draft.begin(details);
      candidates.begin(details, draft);
      const src = fix(draft, source, candidates, removeAliases);
      const dst = fix(draft, destination, candidates, removeAliases);
      candidates.end();
      if (src !== undefined || dst !== undefined) {
        if (classify) {
          if (src !== undefined) draft.write('sourceipclass', classifyIp(src));
          if (dst !== undefined) draft.write('destinationipclass', classifyIp(dst));
        }
        markPlugin(event, name);
      }
      const d = draft.commit();
      if (d !== event.details) event.details = d;
      return event;
    },
  };
}
