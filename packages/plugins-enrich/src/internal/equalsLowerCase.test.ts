import { describe, expect, it } from 'vitest';
import { equalsLowerCase } from './equalsLowerCase';

describe('equalsLowerCase', () => {
  it('answers value.toLowerCase() === lower for ASCII targets, also when the value has letters outside ASCII', () => {
    // U+212A KELVIN SIGN lower-cases to "k"; U+0130 (İ) to "i̇", one character longer; ſ (long s) stays itself.
    const values = ['sshd', 'SSHD', 'SsHd', 'sshd ', 'sshdd', 'ssh', '', 'sudo', 'SUDO', 'sud\u00f6', 'audit', 'AUDIT',
      '\u212Aey', 'KEY', 'k\u0130', 'ki\u0307', '\u0130', 'i\u0307', '\u017Fshd', 'SSHD\u0000', 'filterlog', 'FilterLog'];
    const targets = ['sshd', 'sudo', 'audit', 'key', 'ki', 'i', 'filterlog', 'pf', ''];
    for (const value of values) {
      for (const lower of targets) expect(equalsLowerCase(value, lower), `${value} ${lower}`).toBe(value.toLowerCase() === lower);
    }
  });
});
