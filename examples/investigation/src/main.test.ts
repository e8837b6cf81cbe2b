// Runs the example exactly as `npm start` does and checks what it printed and how it exited.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('examples/investigation', () => {
  it('finds the planted file on exactly the targeted agents that have it', () => {
    const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, [join(import.meta.dirname, 'main.ts')], { encoding: 'utf8', timeout: 80_000 });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('started 4 agents');
    expect(result.stdout).toContain('web-1.example.net (web-1) success, found');
    expect(result.stdout).toContain('db-1.example.net (db-1) success, found');
    expect(result.stdout).toContain('web-2.example.net (web-2) success');
    expect(result.stdout).toContain('findfile: found /tmp/.cache/planted-backdoor.sh');
    expect(result.stdout).not.toContain('dev-1.example.net');
    expect(result.stdout).toContain('3/3 done, 2 found, 0 failed, 0 timed out');
    expect(result.stdout).toContain('OK: the planted file was found on db-1 and web-1');
  });
});
