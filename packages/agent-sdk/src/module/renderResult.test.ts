import { describe, expect, it } from 'vitest';
import type { ModuleResult } from './ModuleResult';
import { renderResult } from './renderResult';

const found: ModuleResult<string[], null> = { foundanything: true, success: true, elements: ['/etc/passwd'], statistics: null, errors: [] };
const notFound: ModuleResult<string[], null> = { foundanything: false, success: true, elements: [], statistics: null, errors: ['/root: permission denied'] };
const failed: ModuleResult = { foundanything: false, success: false, elements: null, statistics: null, errors: ['timed out'] };
const module = { name: 'file', render: (r: ModuleResult) => (r.elements as string[]).map((e) => `file ${e}`) };

describe('renderResult', () => {
  it('uses the module renderer and the show mode', () => {
    expect(renderResult(module, found, 'found')).toEqual(['file /etc/passwd']);
    expect(renderResult(module, notFound, 'found')).toEqual(['error: /root: permission denied']);
    expect(renderResult(module, found, 'notfound')).toEqual([]);
    expect(renderResult(module, notFound, 'notfound')).toEqual(['error: /root: permission denied']);
    expect(renderResult(module, notFound, 'all')).toEqual(['error: /root: permission denied']);
    expect(renderResult(module, failed, 'all')).toEqual(['module failed', 'error: timed out']);
  });

  it('falls back to a generic form', () => {
    expect(renderResult(undefined, found, 'all')).toEqual(['found: ["/etc/passwd"]']);
    expect(renderResult({ name: 'x' }, { ...notFound, errors: [] }, 'all')).toEqual(['nothing found']);
    const broken = { name: 'x', render: () => { throw new Error('oops'); } };
    expect(renderResult(broken, found, 'found')).toEqual(['render error: oops', 'found: ["/etc/passwd"]']);
  });
});
