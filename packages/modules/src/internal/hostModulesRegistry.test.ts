import { createModuleRegistry, parseFlags } from '@vigil/agent-sdk';
import { describe, expect, it } from 'vitest';
import { allModules } from '../index';

// The host-inspection modules as an agent sees them: registered (schemas compiled by agent-sdk's ajv),
// flags parsed by agent-sdk's parser, parameters validated against the schemas.
const registry = createModuleRegistry(allModules.map((definition) => ({ definition })));

const cases: Array<[string, string[]]> = [
  ['file', ['-path', '/etc', '-name', '^passwd$', '-content', '^root:', '-size', '<1m', '-mtime', '>1d', '-sha2', 'a'.repeat(64), '-maxdepth', '2', '-matchany', '-mismatch', 'content', '-returnsha256']],
  ['memory', ['-name', 'sshd', '-content', 'BEGIN RSA', '-bytes', 'deadbeef', '-maxlength', '1000000', '-matchany']],
  ['netstat', ['-ci', '10.0.0.0/8', '-ci', 'fd00::/8', '-lp', '22', '-lm', '^02:42']],
  ['ping', ['-d', '10.0.0.1', '-dp', '22', '-p', 'udp', '-c', '2', '-t', '500']],
  ['timedrift', ['-drift', '5s', '-server', 'pool.ntp.org', '-timeout', '1000']],
];

describe('host-inspection modules in the agent-sdk registry', () => {
  it('are all registered under their names', () => {
    const names = registry.list().map((m) => m.definition.name);
    expect(names).toEqual(expect.arrayContaining(['file', 'memory', 'netstat', 'ping', 'timedrift']));
  });

  it.each(cases)('%s: MIG-style flags give parameters its schema accepts', (name, args) => {
    const definition = registry.get(name)?.definition;
    expect(definition).toBeDefined();
    if (definition === undefined) return;
    const parsed = parseFlags(definition, args);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(registry.validate(name, parsed.params)).toEqual({ ok: true });
  });

  it('schemas reject malformed parameters', () => {
    expect(registry.validate('file', { searches: { s1: { paths: ['/'], sizes: ['10m'] } } })).toMatchObject({ ok: false, code: 'PARAMS_INVALID' });
    expect(registry.validate('ping', { destination: 'x', destinationport: 70000, protocol: 'icmp' })).toMatchObject({ ok: false });
    expect(registry.validate('netstat', { lp: ['ssh'] })).toMatchObject({ ok: false });
    expect(registry.validate('memory', { searches: { s1: { contents: ['x'] } } })).toMatchObject({ ok: false });
    expect(registry.validate('timedrift', { drift: 'soon' })).toMatchObject({ ok: false });
  });
});
