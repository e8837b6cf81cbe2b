import { join } from 'node:path';
import { buildPlugins } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { vigilCatalog } from './vigilCatalog';

const FIXTURES = join(import.meta.dirname, '../fixtures');

describe('vigilCatalog through core buildPlugins', () => {
  it('builds the default pack, rule loaders and responses by name', () => {
    const built = buildPlugins(
      {
        correlation: [
          { plugin: 'alerts:pack', options: { disable: ['root-login'] } },
          { plugin: 'alerts:rules', options: { paths: [join(FIXTURES, 'rules')] } },
          { plugin: 'alerts:sigma', options: { paths: join(FIXTURES, 'sigma'), throttle: '5m', name: 'alerts:sigmahq' } },
        ],
        response: [
          { plugin: 'respond:webhook', options: { url: 'http://127.0.0.1:9/hook', format: 'slack' } },
          { plugin: 'respond:amqp', options: { exchange: 'alerts' } },
          { plugin: 'respond:command', options: { argv: ['true'] } },
        ],
      },
      [vigilCatalog],
    );
    const names = built.correlation.map((p) => p.name);
    expect(names).toHaveLength(15 + 3 + 1);
    expect(names).toContain('alerts:sigmahq');
    expect(names).not.toContain('alerts:root-login');
    expect(built.response.map((r) => r.name)).toEqual(['respond:webhook', 'respond:amqp', 'respond:command']);
    expect(buildPlugins({}, [vigilCatalog]).correlation).toHaveLength(16);
  });

  it('refuses bad options at start-up with every problem', () => {
    let message = '';
    try {
      buildPlugins({ response: [{ plugin: 'respond:webhook', options: { format: 'teams', extra: 1 } }] }, [vigilCatalog]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('respond:webhook refused its options');
    expect(message).toContain("must have required property 'url'");
    expect(message).toContain('/format must be equal to one of the allowed values');
    expect(message).toContain('must NOT have additional properties');
    expect(() => buildPlugins({ correlation: [{ plugin: 'alerts:rules', options: {} }] }, [vigilCatalog])).toThrow(/alerts:rules refused its options/);
  });
});
