import { describe, expect, it } from 'vitest';
import { aclEntryFor } from './Acl';
import { parseAcl } from './parseAcl';

const BOB = 'E60892BB9BD89A69F759A1A0A3D652173B763E8F';
const SAM = 'FA5D79F95F7AF7097C3E83DA26A86D5E5885AC11';

// Shape from mozilla/mig doc/configuration.rst ("agent ACL" example).
const migDocAcl = `{
  "default": {
    "minimumweight": 2,
    "investigators": {
      "Bob The Investigator": { "fingerprint": "${BOB.toLowerCase()}", "weight": 2 },
      "Sam Axe": { "fingerprint": "${SAM}", "weight": 2 }
    }
  },
  "agentdestroy": {
    "minimumweight": 1,
    "investigators": { "MIG Scheduler": { "fingerprint": "A8E1ED58512FCD9876DBEA4FEA513B95032D9932", "weight": 1 } }
  }
}`;

describe('parseAcl', () => {
  it("parses MIG's documented ACL and upper-cases fingerprints", () => {
    const result = parseAcl(migDocAcl);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.acl['default']?.minimumweight).toBe(2);
    expect(result.acl['default']?.investigators['Bob The Investigator']?.fingerprint).toBe(BOB);
    expect(aclEntryFor(result.acl, 'agentdestroy')?.name).toBe('agentdestroy');
    expect(aclEntryFor(result.acl, 'file')?.name).toBe('default');
  });

  it('has no entry for a module when there is no default', () => {
    const result = parseAcl({ file: { minimumweight: 1, investigators: {} } });
    expect(result.ok && aclEntryFor(result.acl, 'netstat')).toBeUndefined();
    expect(result.ok && aclEntryFor(result.acl, 'toString')).toBeUndefined();
    expect(result.ok && aclEntryFor(result.acl, '__proto__')).toBeUndefined();
  });

  it.each([0, -1])('refuses minimumweight %i with a reason that says why', (minimumweight) => {
    const result = parseAcl({ default: { minimumweight, investigators: { bob: { fingerprint: BOB, weight: 1 } } } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('INVALID_ACL');
      expect(result.reason).toBe(
        `acl entry 'default' has minimumweight ${minimumweight}, below 1: it must be 1 or more, or the module would run without any signature`,
      );
    }
  });

  it('reports every problem at once', () => {
    const result = parseAcl({
      file: {
        minimumweight: 0,
        investigators: {
          a: { fingerprint: 'not-hex', weight: -2 },
          b: { fingerprint: BOB, weight: 1 },
          c: { fingerprint: BOB.toLowerCase(), weight: 1 },
        },
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.split('; ')).toHaveLength(4);
      expect(result.reason).toContain("fingerprint 'not-hex' is not 40 or 64 hex digits");
      expect(result.reason).toContain('weight -2 is negative');
      expect(result.reason).toContain("investigators 'b' and 'c' have the same fingerprint");
    }
  });

  it('refuses the broken MIG test ACL (an entry without its module name) and unknown fields', () => {
    const broken = parseAcl({ minimumweight: 1, investigators: { alm: { fingerprint: '', weight: 1 } } });
    expect(broken.ok).toBe(false);
    const typo = parseAcl({ default: { minimumweight: 1, investigators: {}, minimumWeight: 2 } });
    expect(typo.ok ? 'ok' : typo.reason).toContain("unknown field 'minimumWeight'");
    const fractional = parseAcl({ default: { minimumweight: 1.5, investigators: {} } });
    expect(fractional.ok ? 'ok' : fractional.reason).toContain('must be integer');
    expect(parseAcl('{').ok).toBe(false);
  });
});
