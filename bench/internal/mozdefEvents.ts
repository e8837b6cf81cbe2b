// Builds realistic ~540-byte MozDef events from the sample corpus in shared/samples
// (mozilla/MozDef scripts/demo/sample_events, MPL-2.0), varied so no two are identical.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLES = [join(process.cwd(), '..', 'shared', 'samples', 'mozdef-sample-events'), '/work/shared/samples/mozdef-sample-events'];

/** Sample events as objects (falls back to a built-in sshd event if the corpus is absent). */
export function loadSamples(): Record<string, unknown>[] {
  const dir = SAMPLES.find((d) => existsSync(d));
  if (!dir) {
    return [
      {
        category: 'syslog',
        hostname: 'bastion1.example.com',
        processname: 'sshd',
        severity: 'INFO',
        summary: 'Failed password for invalid user admin from 203.0.113.9 port 52114 ssh2',
        tags: ['ssh'],
        details: { program: 'sshd', sourceipaddress: '203.0.113.9' },
      },
    ];
  }
  const out: Record<string, unknown>[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    for (const e of Array.isArray(parsed) ? parsed : [parsed]) out.push(e as Record<string, unknown>);
  }
  return out;
}

/** `count` NDJSON lines of about `targetBytes` each, with distinct ids, hosts and times. */
export function makeEventLines(count: number, targetBytes = 540): string[] {
  const samples = loadSamples();
  const lines: string[] = [];
  const base = Date.parse('2026-11-01T00:00:00Z');
  // Keep samples that fit the target size once varied; pad the rest of the way.
  const fitting = samples.filter((s) => JSON.stringify(s).length <= targetBytes - 80);
  const pool = fitting.length > 0 ? fitting : samples;
  for (let i = 0; i < count; i++) {
    const sample = pool[i % pool.length]!;
    const event: Record<string, unknown> = {
      ...sample,
      timestamp: new Date(base + i * 37).toISOString(),
      hostname: `host${i % 512}.example.com`,
      details: { ...(sample['details'] as object), seq: i },
    };
    let line = JSON.stringify(event);
    const missing = targetBytes - line.length;
    if (missing > 12) {
      (event['details'] as Record<string, unknown>)['pad'] = 'x'.repeat(missing - 10);
      line = JSON.stringify(event);
    }
    lines.push(line);
  }
  return lines;
}
