import { describe, expect, it } from 'vitest';
import { evaluateSelector } from './evaluateSelector';
import { parseSelector } from './parseSelector';

const linuxProd = {
  hostname: 'web-1.example.net',
  os: 'linux',
  arch: 'x64',
  addresses: ['10.0.0.5', '192.168.1.9'],
  tags: { env: 'prod', team: 'ops' },
  version: '0.1.0',
  pid: 4242,
};
const darwinDev = { ...linuxProd, hostname: 'laptop', os: 'darwin', tags: { env: 'dev' }, addresses: ['10.1.0.7'] };

function matches(source: string, env: Record<string, unknown>): boolean {
  const parsed = parseSelector(source);
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluateSelector(parsed.selector, env);
}

describe('selectors', () => {
  it('combines comparisons with && and ||', () => {
    const s = 'os == "linux" && tags.env == "prod"';
    expect(matches(s, linuxProd)).toBe(true);
    expect(matches(s, darwinDev)).toBe(false);
    expect(matches('os == "darwin" || tags.team == "ops"', linuxProd)).toBe(true);
    expect(matches('os == "darwin" || tags.team == "sec"', linuxProd)).toBe(false);
  });

  it('honours precedence, parentheses and negation', () => {
    expect(matches('os == "darwin" || os == "linux" && tags.env == "dev"', linuxProd)).toBe(false);
    expect(matches('(os == "darwin" || os == "linux") && tags.env == "prod"', linuxProd)).toBe(true);
    expect(matches('!(os == "linux")', linuxProd)).toBe(false);
    expect(matches('!os == "darwin"', linuxProd)).toBe(true);
    expect(matches('os != "linux"', darwinDev)).toBe(true);
  });

  it('matches regexes, lists, numbers and booleans', () => {
    expect(matches('hostname =~ "^web-[0-9]+\\\\."', linuxProd)).toBe(true);
    expect(matches("hostname =~ '^db-'", linuxProd)).toBe(false);
    expect(matches('addresses =~ "^192\\\\.168\\\\."', linuxProd)).toBe(true);
    expect(matches('addresses =~ "^192\\\\.168\\\\."', darwinDev)).toBe(false);
    expect(matches('os in ["linux", "freebsd"]', linuxProd)).toBe(true);
    expect(matches('os in ["linux", "freebsd"]', darwinDev)).toBe(false);
    expect(matches('pid == 4242 && pid != 1', linuxProd)).toBe(true);
    expect(matches('tags.env == "prod" || true', darwinDev)).toBe(true);
    expect(matches('os in []', linuxProd)).toBe(false);
  });

  it('treats missing fields as never equal', () => {
    expect(matches('tags.missing == "x"', linuxProd)).toBe(false);
    expect(matches('tags.missing != "x"', linuxProd)).toBe(true);
    expect(matches('constructor == "x" || toString =~ "."', linuxProd)).toBe(false);
  });

  it('reports errors with positions', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['os == ', 6, /expected a string/],
      ['os = "linux"', 3, /unexpected character "="/],
      ['os == "linux" &&', 16, /expected a field name/],
      ['(os == "linux"', 14, /expected "\)"/],
      ['os == "linux" tags.env == "x"', 14, /unexpected "tags.env"/],
      ['os == "lin', 6, /unterminated string/],
      ['os =~ "("', 6, /invalid regular expression/],
      ['os in ["a" "b"]', 11, /expected "," or "\]"/],
      ['os contains "a"', 3, /expected ==, !=, =~ or in/],
      ['', 0, /empty/],
    ];
    for (const [source, position, reason] of cases) {
      const parsed = parseSelector(source);
      expect(parsed.ok, source).toBe(false);
      if (!parsed.ok) {
        expect(parsed.position, source).toBe(position);
        expect(parsed.reason, source).toMatch(reason);
        expect(parsed.reason, source).toContain(`position ${position}`);
      }
    }
  });

  it('enforces length and depth limits', () => {
    const deep = `${'('.repeat(40)}os == "linux"${')'.repeat(40)}`;
    const tooDeep = parseSelector(deep);
    expect(tooDeep.ok).toBe(false);
    if (!tooDeep.ok) expect(tooDeep.reason).toMatch(/deeper than 32/);
    expect(parseSelector(deep, { maxDepth: 50 }).ok).toBe(true);
    const long = parseSelector(`os == "${'a'.repeat(5000)}"`);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.reason).toMatch(/longer than 4096/);
    const bangs = parseSelector(`${'!'.repeat(100)}true`);
    expect(bangs.ok).toBe(false);
  });
});
