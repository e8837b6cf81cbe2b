import { describe, expect, it } from 'vitest';
import { toComplianceItems } from './toComplianceItems';

const now = new Date('2026-03-01T10:00:00.000Z');
const check = { ref: 'ssh1', name: 'no root', description: 'root cannot log in', location: '/etc/ssh/sshd_config', test: { type: 'line', value: 'PermitRootLogin no' }, compliance: false };

describe('toComplianceItems', () => {
  it('maps checks to items with the action as default policy', () => {
    const items = toComplianceItems(
      { foundanything: true, success: true, elements: { compliance: [check, { ...check, ref: 'ssh2', compliance: true, link: 'https://fix', policy: { name: 'ssh', level: 'maximum' } }, { junk: true }] }, statistics: null, errors: [] },
      { name: 'ssh policy', description: { url: 'https://wiki/ssh' }, threat: { level: 'info', family: 'compliance' } },
      { hostname: 'db-1' },
      now,
    );
    expect(items).toEqual([
      { utctimestamp: '2026-03-01T10:00:00.000Z', target: 'db-1', compliance: false, link: 'https://wiki/ssh', policy: { url: 'https://wiki/ssh', name: 'ssh policy', level: 'medium' }, check: { ref: 'ssh1', description: 'root cannot log in', name: 'no root', location: '/etc/ssh/sshd_config', test: { type: 'line', value: 'PermitRootLogin no' } } },
      { utctimestamp: '2026-03-01T10:00:00.000Z', target: 'db-1', compliance: true, link: 'https://fix', policy: { url: 'https://wiki/ssh', name: 'ssh', level: 'maximum' }, check: { ref: 'ssh2', description: 'root cannot log in', name: 'no root', location: '/etc/ssh/sshd_config', test: { type: 'line', value: 'PermitRootLogin no' } } },
    ]);
  });

  it('yields nothing for results without checks', () => {
    expect(toComplianceItems({ foundanything: false, success: false, elements: null, statistics: null, errors: ['x'] }, { name: 'a' }, { hostname: 'h' })).toEqual([]);
    expect(toComplianceItems({ foundanything: true, success: true, elements: ['a'], statistics: null, errors: [] }, { name: 'a' }, { hostname: 'h' })).toEqual([]);
  });
});
