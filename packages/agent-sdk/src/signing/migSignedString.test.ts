import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../action/Action';
import { parseAction } from '../action/parseAction';
import { AgentError } from '../errors/AgentError';
import { migSignedString } from './migSignedString';

const SAMPLES = join(sharedSamples(), 'mig-actions');

/** shared/samples beside the repository (as CI lays it out), else the workplace copy; VIGIL_SAMPLES wins. */
function sharedSamples(): string {
  const candidates = [process.env['VIGIL_SAMPLES'], fileURLToPath(new URL('../../../../../shared/samples', import.meta.url)), '/work/shared/samples'];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(dir)) ?? '/work/shared/samples';
}


// Expected strings are derived by hand from mozilla/mig action.go `String()` and Go's encoding/json rules.
describe('migSignedString', () => {
  it('concatenates name, target, Unix-second times and Go-marshalled operations', () => {
    const action: Action = {
      name: 'glibc <2.17 & co',
      target: "agents.os='linux'",
      validfrom: '2026-01-01T00:00:00.900Z',
      expireafter: '2026-01-01T02:30:00+01:00',
      operations: [
        {
          module: 'file',
          parameters: {
            z: '<tag>&\u0008\u000c\n\t"\\\u2028\u2029\u{1F600}/\u007f',
            b: 1e-7,
            a: [1.5, -0, 1e21, 100, 123456789012345680000, true, null],
            é: 'x',
            '\uFB33': 1,
            '\u{1F600}': 2,
          },
        },
        { module: 'netstat', parameters: 'H4sIAAAAAAAA/w==', is_compressed: true, want_compressed: false },
        { module: 'ping' },
      ],
      syntaxversion: 2,
    };
    expect(migSignedString(action)).toBe(
      "name=glibc <2.17 & co;target=agents.os='linux';validfrom=1767225600;expireafter=%!s(int64=1767231000);" +
        'operations=[{"module":"file","parameters":{"a":[1.5,-0,1e+21,100,123456789012345680000,true,null],"b":1e-7,' +
        '"z":"\\u003ctag\\u003e\\u0026\\u0008\\u000c\\n\\t\\"\\\\\\u2028\\u2029\u{1F600}/\u007f","é":"x","\uFB33":1,"\u{1F600}":2}},' +
        '{"module":"netstat","parameters":"H4sIAAAAAAAA/w==","is_compressed":true},{"module":"ping","parameters":null}];',
    );
  });

  it("handles MIG's zero time (year 1) as Go's Unix() does", () => {
    const parsed = parseAction(readFileSync(join(SAMPLES, 'linux-backdoor-kanada-team-ips.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(migSignedString(parsed.action)).toBe(
      "name=Linux backdoor, found on compromised host in 2014;target=agents.queueloc like 'linux.%';" +
        'validfrom=-62135596800;expireafter=%!s(int64=-62135596800);' +
        'operations=[{"module":"connected","parameters":{"IPs from backdoor installer":["78.129.205.2","88.51.233.40"]}}];',
    );
  });

  it('floors sub-second times before 1970 like Go', () => {
    const action: Action = {
      name: 'n',
      target: 't',
      validfrom: '1969-12-31T23:59:59.500Z',
      expireafter: '1970-01-01T00:00:00.999Z',
      operations: [{ module: 'm', parameters: {} }],
      syntaxversion: 2,
    };
    expect(migSignedString(action)).toBe('name=n;target=t;validfrom=-1;expireafter=%!s(int64=0);operations=[{"module":"m","parameters":{}}];');
  });

  it('writes lone surrogates as U+FFFD, as Go decoding would have', () => {
    const action: Action = {
      name: 'n',
      target: 't',
      validfrom: '2026-01-01T00:00:00Z',
      expireafter: '2026-01-01T00:00:00Z',
      operations: [{ module: 'm', parameters: { k: 'a\uD800b' } }],
      syntaxversion: 2,
    };
    expect(migSignedString(action)).toContain('{"k":"a\uFFFDb"}');
  });

  it('refuses templates without a validity window', () => {
    const parsed = parseAction(readFileSync(join(SAMPLES, 'example_v2.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(() => migSignedString(parsed.action)).toThrow(AgentError);
  });

  it('does not escape name and target, so text can move between them unnoticed', () => {
    const base: Action = {
      name: "n;target=status='online'",
      target: "name='victim'",
      validfrom: '2026-01-01T00:00:00Z',
      expireafter: '2026-01-02T00:00:00Z',
      operations: [{ module: 'file', parameters: {} }],
      syntaxversion: 2,
    };
    const moved: Action = { ...base, name: 'n', target: "status='online';target=name='victim'" };
    expect(migSignedString(moved)).toBe(migSignedString(base));
  });
});
