import { describe, expect, it } from 'vitest';
import { KeyMemo } from './KeyMemo';

describe('KeyMemo', () => {
  it('answers the transformation, or the key itself when unchanged, also for long keys and past its bound', () => {
    let calls = 0;
    const memo = new KeyMemo((key) => {
      calls++;
      return key.replaceAll('.', '_');
    });
    expect(memo.get('id.orig_h')).toBe('id_orig_h');
    expect(memo.get('id.orig_h')).toBe('id_orig_h');
    expect(calls).toBe(1);
    const plain = 'plain';
    expect(memo.get(plain)).toBe(plain);
    const long = `${'a.'.repeat(300)}b`;
    expect(memo.get(long)).toBe(`${'a_'.repeat(300)}b`);
    for (let i = 0; i < 20_000; i++) expect(memo.get(`k.${i}`)).toBe(`k_${i}`);
    expect(memo.get('__proto__.x')).toBe('__proto___x');
    const lower = new KeyMemo((key) => key.toLowerCase());
    expect(lower.get('__PROTO__')).toBe('__proto__');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
