import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAlert } from '../alert/createAlert';
import { makeEvent } from '../internal/makeEvent';
import { runCommand } from './runCommand';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { pluginName: 'respond:command', signal: new AbortController().signal };

describe('command response (no shell)', () => {
  it('runs a real program with argv templated from the alert', async () => {
    const alert = createAlert({ rule: { id: 'ssh-bruteforce', name: 'SSH' }, summary: 's', events: [makeEvent()], details: { key: '203.0.113.9' } });
    await runCommand({ argv: ['touch', join(dir, '{{rule.id}}-{{details.key}}')] }).respond(alert, ctx);
    expect(existsSync(join(dir, 'ssh-bruteforce-203.0.113.9'))).toBe(true);
  });

  it('cannot be injected: shell syntax in alert fields stays one literal argument', async () => {
    const marker = join(dir, 'pwned');
    const hostile = `x; touch ${marker} $(touch ${marker}) \`touch ${marker}\``;
    const alert = createAlert({ rule: { id: 'r', name: 'r' }, summary: hostile, events: [] });
    const out = join(dir, 'argv.json');
    const cmd = runCommand({ argv: [process.execPath, '-e', 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))', out, '{{summary}}'] });
    await cmd.respond(alert, ctx);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([hostile]);
    expect(existsSync(marker)).toBe(false);
  });

  it('kills a program that overruns its timeout and rejects; rejects on non-zero exit after retries', async () => {
    const alert = createAlert({ rule: { id: 'r', name: 'r' }, summary: 's', events: [] });
    await expect(runCommand({ argv: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'], timeoutMs: 300 }).respond(alert, ctx)).rejects.toThrow(/killed after 300 ms/);
    const counter = join(dir, 'attempts');
    const failing = runCommand({ argv: [process.execPath, '-e', `const f=${JSON.stringify(counter)};const fs=require('fs');fs.appendFileSync(f,'x');process.exit(3)`], retry: { attempts: 3, minDelayMs: 5 } });
    await expect(failing.respond(alert, ctx)).rejects.toThrow(/failed/);
    expect(readFileSync(counter, 'utf8')).toBe('xxx');
  });
});
