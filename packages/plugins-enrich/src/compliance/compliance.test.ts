import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { compliance } from './compliance';

const plugin = compliance();

// A compliance item in the format MozDef documents for complianceitems (and @vigil/agent-sdk's ComplianceItem):
// the result of one MIG scribe check on one host.
const ITEM = {
  utctimestamp: '2015-03-04T17:38:30.000Z',
  target: 'web1.example.org ',
  compliance: false,
  link: 'https://wiki.example.org/security/openssh',
  policy: { url: 'https://wiki.example.org/security/openssh', name: 'system', level: 'Medium' },
  check: {
    ref: 'sysmediumupdates1',
    description: 'compliance check for openssh',
    name: 'vulnerable package openssh-server',
    location: 'endpoint',
    test: { type: 'mig', value: 'package openssh-server < 1:6.6p1-2ubuntu2.8' },
  },
};

describe('compliance', () => {
  it('normalizes a valid item: level, target, flat search fields, summary', () => {
    const e = runOne(plugin, makeEvent({ category: 'complianceitems', details: structuredClone(ITEM) }));
    expect(e.details).toMatchObject({ target: 'web1.example.org', policylevel: 'medium', policyname: 'system', checkref: 'sysmediumupdates1', checkname: 'vulnerable package openssh-server' });
    expect(e.summary).toBe('web1.example.org fails vulnerable package openssh-server (system, level medium)');
    expect(e.type).toBe('complianceitem');
    expect(e.tags).toContain('noncompliant');
  });

  it('accepts a bare item (no category) with compliance as text', () => {
    const e = runOne(plugin, makeEvent({ details: { ...structuredClone(ITEM), compliance: 'true' } }));
    expect(e.category).toBe('complianceitems');
    expect(e.details['compliance']).toBe(true);
    expect(e.tags).toContain('compliant');
  });

  it('tags invalid items with every reason', () => {
    const bad = structuredClone(ITEM) as Record<string, unknown>;
    delete bad['target'];
    (bad['policy'] as Record<string, unknown>)['level'] = 'extreme';
    (bad['check'] as Record<string, unknown>)['test'] = { type: 'mig' };
    const e = runOne(plugin, makeEvent({ category: 'complianceitems', details: bad }));
    expect(e.tags).toContain('vigil:invalid-complianceitem');
    const reasons = e.details['validationerrors'] as string[];
    expect(reasons.some((r) => r.includes("required property 'target'"))).toBe(true);
    expect(reasons.some((r) => r.startsWith('policy.level'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('check.test'))).toBe(true);
    expect(e.details['policylevel']).toBeUndefined();
  });

  it('does not register on other events', () => {
    expect(registers(plugin, makeEvent({ category: 'authentication', details: { target: 'x' } }))).toBe(false);
  });
});
