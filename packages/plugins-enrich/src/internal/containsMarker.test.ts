import { describe, expect, it } from 'vitest';
import { containsMarker } from './containsMarker';

describe('containsMarker', () => {
  it('answers text.includes(marker)', () => {
    const texts = [
      '', 'sshd[', 'Jan 12 06:25:43 bastion1 sshd[28412]: Failed password', 'x su: y', 'su[1]', ' su:', 'su:', 'a[b[c', '[[[[sshd[',
      'sshd [1]', 'type=SYSCALL msg=audit(1700000000.2:2): arch=c000003e', 'squid[7]:', ':::', ' su', 'sudo: ok', '[', ':',
    ];
    for (const text of texts) {
      for (const marker of ['sshd[', ' su:', 'su[', 'squid[', 'sudo', 'filterlog', '(match)', '[', ':']) {
        expect(containsMarker(text, marker), `${marker} in ${text}`).toBe(text.includes(marker));
      }
    }
  });
});
