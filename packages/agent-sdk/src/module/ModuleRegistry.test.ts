import { describe, expect, it } from 'vitest';
import { allModules, fixturePath, hashModule, statModule } from '../../test/fixtures/modules';
import { loadModules } from './loadModules';
import { createModuleRegistry } from './ModuleRegistry';

describe('ModuleRegistry', () => {
  it('registers, lists and validates against each schema with every error', () => {
    const registry = createModuleRegistry();
    registry.register(statModule, { specifier: fixturePath, exportName: 'statModule' });
    registry.register(hashModule);
    expect(registry.list().map((m) => m.definition.name)).toEqual(['stat', 'hash']);
    expect(registry.get('stat')?.source).toEqual({ specifier: fixturePath, exportName: 'statModule' });
    expect(registry.get('hash')?.source).toBeUndefined();
    expect(registry.validate('stat', { paths: ['/etc'] })).toEqual({ ok: true });
    const bad = registry.validate('stat', { paths: [], extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.code).toBe('PARAMS_INVALID');
      expect(bad.reason).toMatch(/\/paths must NOT have fewer than 1 items/);
      expect(bad.reason).toMatch(/must NOT have additional properties/);
    }
    const unknown = registry.validate('nope', {});
    expect(unknown).toMatchObject({ ok: false, code: 'MODULE_UNKNOWN' });
  });

  it('refuses duplicates and broken schemas', () => {
    const registry = createModuleRegistry([{ definition: statModule }]);
    expect(() => registry.register(statModule)).toThrow(/registered twice/);
    expect(() => registry.register({ ...hashModule, name: 'broken', params: { type: 'no-such-type' } })).toThrow(/invalid params schema/);
  });

  it('loads a list export with its source', async () => {
    const registry = await loadModules({ specifier: fixturePath, exportName: 'allModules' });
    expect(registry.list()).toHaveLength(allModules.length);
    expect(registry.get('hash')?.source).toEqual({ specifier: fixturePath, exportName: 'allModules' });
    await expect(loadModules({ specifier: fixturePath, exportName: 'missing' })).rejects.toThrow(/no export "missing"/);
    await expect(loadModules({ specifier: '/no/such/modules.js' })).rejects.toThrow(/cannot import modules/);
  });
});
