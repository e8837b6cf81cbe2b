import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A child process calls tuneRuntime() from the built package, then keeps 200,000 objects made at one literal site
// alive across scavenges: exactly what makes V8 pretenure that site. V8's own pretenuring trace is the oracle.
const SCRIPT = `
import { tuneRuntime } from ${JSON.stringify(join(import.meta.dirname, '../../dist/index.js'))};
const tuning = tuneRuntime();
const kept = [];
for (let i = 0; i < 200000; i++) kept.push({ n: i, s: 'x' + i, a: [i] });
process.stdout.write(JSON.stringify(tuning) + ' ' + kept.length + '\\n');
`;

function run(env: NodeJS.ProcessEnv): { tuning: unknown; tenured: boolean } {
  const out = execFileSync(process.execPath, ['--trace-pretenuring-statistics', '--input-type=module', '-e', SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  return { tuning: JSON.parse(last.split(' ')[0] ?? 'null'), tenured: /=> tenure\b/.test(out) };
}

describe('tuneRuntime', () => {
  it('turns V8 allocation-site pretenuring off: a site whose objects all survive is never tenured', () => {
    const { tuning, tenured } = run({ VIGIL_V8_PRETENURING: '' });
    expect(tuning).toEqual({ pretenuring: 'disabled' });
    expect(tenured).toBe(false);
  });

  it('leaves V8 alone with VIGIL_V8_PRETENURING=keep (and V8 then tenures the same site)', () => {
    const { tuning, tenured } = run({ VIGIL_V8_PRETENURING: 'keep' });
    expect(tuning).toEqual({ pretenuring: 'kept' });
    expect(tenured).toBe(true);
  });
});
