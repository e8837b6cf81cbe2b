import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { proxy } from './proxy';

const plugin = proxy();

// Squid native access.log lines: the first is the example of the Squid wiki "Squid Log Files" page
// (wiki.squid-cache.org/Features/LogFormat); the CONNECT line follows the same format.
const MISS = '1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - DIRECT/74.125.67.99 text/html';
const CONNECT = '1286536309.123   1023 192.168.0.225 TCP_TUNNEL/200 4321 CONNECT www.example.com:443 alice HIER_DIRECT/93.184.216.34 -';

describe('proxy (squid)', () => {
  it('parses a native access.log line', () => {
    const e = runOne(plugin, makeEvent({ summary: MISS }));
    expect(e.details).toMatchObject({
      sourceipaddress: '192.168.0.224', proxyaction: 'TCP_MISS', status: 200, bytes: 411, elapsedms: 180, method: 'GET',
      url: 'http://www.google.com/', host: 'www.google.com', destinationport: 80, hierarchy: 'DIRECT', upstream: '74.125.67.99', contenttype: 'text/html',
    });
    expect(e.details['username']).toBeUndefined();
    expect(e.utctimestamp).toBe('2010-10-08T11:11:48.779Z');
    expect(e.summary).toBe('192.168.0.224 GET http://www.google.com/ 200 TCP_MISS');
    expect(e.category).toBe('proxy');
  });

  it('parses CONNECT with a user, also behind a syslog header', () => {
    const e = runOne(plugin, makeEvent({ summary: `Oct  8 11:11:49 proxy1 squid[811]: ${CONNECT}` }));
    expect(e.details).toMatchObject({ username: 'alice', method: 'CONNECT', host: 'www.example.com', destinationport: 443 });
    expect(e.hostname).toBe('proxy1');
  });

  it('tags squid events it cannot parse and ignores others', () => {
    const e = runOne(plugin, makeEvent({ processname: 'squid', summary: 'Starting Squid Cache version 5.7' }));
    expect(e.tags).toContain('vigil:parse-failed:proxy');
    expect(registers(plugin, makeEvent({ summary: 'GET / HTTP/1.1' }))).toBe(false);
  });
});
