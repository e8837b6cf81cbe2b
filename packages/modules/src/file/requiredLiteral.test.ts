import { describe, expect, it } from 'vitest';
import { requiredLiteral } from './requiredLiteral';

describe('requiredLiteral', () => {
  it('extracts the text of plain, anchored and escaped regexes', () => {
    expect(requiredLiteral(/password=/)).toBe('password=');
    expect(requiredLiteral(/^root:$/)).toBe('root:');
    expect(requiredLiteral(/\.ssh\/id_rsa/)).toBe('.ssh/id_rsa');
    expect(requiredLiteral(/cost \$5/)).toBe('cost $5');
  });

  it('gives up on anything that is not plain text', () => {
    for (const re of [/a+b/, /a|b/, /[ab]/, /\d/, /x?/, /(ab)/, /a.b/, /root/i, /^$/]) {
      expect(requiredLiteral(re), re.source).toBeUndefined();
    }
  });
});
