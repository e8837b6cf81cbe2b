import { describe, expect, it } from 'vitest';
import { defineModule } from './defineModule';
import { parseFlags } from './parseFlags';

const fileLike = defineModule<{ search: { paths: string[]; names: string[]; maxdepth: number; matchall: boolean } }, unknown, unknown>({
  name: 'file',
  description: 'find files',
  params: { type: 'object' },
  flags: [
    { name: 'path', kind: 'list', description: 'where to look' },
    { name: 'name', kind: 'list', description: 'regex on names' },
    { name: 'maxdepth', kind: 'number', description: 'how deep' },
    { name: 'matchall', kind: 'boolean', description: 'all criteria must match' },
    { name: 'label', kind: 'string', description: 'a label' },
  ],
  paramsFromFlags(flags) {
    const paths = (flags['path'] as string[] | undefined) ?? [];
    if (paths.length === 0) throw new Error('-path is required');
    return {
      search: {
        paths,
        names: (flags['name'] as string[] | undefined) ?? [],
        maxdepth: (flags['maxdepth'] as number | undefined) ?? 1000,
        matchall: flags['matchall'] === true,
      },
    };
  },
  run: async () => ({ foundanything: false, success: true, elements: null, statistics: null, errors: [] }),
});

describe('parseFlags', () => {
  it('parses MIG-style flags into parameters', () => {
    const parsed = parseFlags(fileLike, ['-path', '/etc', '-name', '^passwd$', '-maxdepth', '3', '-matchall', '--path=/usr', '-name=^shadow$']);
    expect(parsed).toEqual({
      ok: true,
      flags: { path: ['/etc', '/usr'], name: ['^passwd$', '^shadow$'], maxdepth: 3, matchall: true },
      params: { search: { paths: ['/etc', '/usr'], names: ['^passwd$', '^shadow$'], maxdepth: 3, matchall: true } },
    });
  });

  it('explains what is wrong', () => {
    const cases: Array<[string[], RegExp]> = [
      [['-path', '/etc', '-size', '3'], /unknown flag -size for module file; known flags: -path, -name, -maxdepth, -matchall, -label/],
      [['-path'], /flag -path needs a value/],
      [['-path', '/', '-maxdepth', 'deep'], /flag -maxdepth needs a number, got "deep"/],
      [['-path', '/', '-maxdepth', ''], /needs a number/],
      [['-path', '/', '-label', 'a', '-label', 'b'], /given twice/],
      [['-path', '/', '-matchall=yes'], /switch and takes no value/],
      [['/etc'], /unexpected argument "\/etc"/],
      [['-name', 'x'], /module file rejected its flags: -path is required/],
    ];
    for (const [args, reason] of cases) {
      const parsed = parseFlags(fileLike, args);
      expect(parsed.ok, args.join(' ')).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    }
  });

  it('uses the flags as parameters when the module has no paramsFromFlags', () => {
    const bare = { name: 'bare', flags: [{ name: 'n', kind: 'number' as const, description: '' }] };
    expect(parseFlags(bare, ['-n', '-2.5'])).toEqual({ ok: true, flags: { n: -2.5 }, params: { n: -2.5 } });
    const none = parseFlags({ name: 'none' }, ['-x', '1']);
    expect(none.ok === false && none.reason).toMatch(/it takes no flags/);
  });
});
