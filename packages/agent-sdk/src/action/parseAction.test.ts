import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAction } from './parseAction';

// MIG's own action files (mozilla/mig@9e7e4f52 actions/, MPL-2.0), as provided in the project's shared samples.
const SAMPLES = join(sharedSamples(), 'mig-actions');

/** shared/samples beside the repository (as CI lays it out), else the workplace copy; VIGIL_SAMPLES wins. */
function sharedSamples(): string {
  const candidates = [process.env['VIGIL_SAMPLES'], fileURLToPath(new URL('../../../../../shared/samples', import.meta.url)), '/work/shared/samples'];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(dir)) ?? '/work/shared/samples';
}

const actionFiles = readdirSync(SAMPLES).filter((name) => name.endsWith('.json'));
const scribeFiles = readdirSync(join(SAMPLES, 'scribe')).filter((name) => name.endsWith('.json'));

const minimal = {
  name: 'find fusermount',
  target: "queueloc LIKE 'linux.%'",
  validfrom: '2026-01-01T00:00:00Z',
  expireafter: '2026-01-02T00:00:00Z',
  operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/usr'], names: ['fusermount'] } } } }],
  syntaxversion: 2,
};

describe('parseAction', () => {
  it('finds the 19 MIG sample actions', () => {
    expect(actionFiles).toHaveLength(19);
  });

  it.each(actionFiles)('parses MIG sample %s', (name) => {
    const text = readFileSync(join(SAMPLES, name), 'utf8');
    const result = parseAction(text);
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
    if (result.ok) expect(result.action.name).toBe((JSON.parse(text) as { name: string }).name);
  });

  // The scribe/ files are scribe policy documents, the parameters of MIG's scribe module (what `mig scribe -path`
  // wraps into an action), not actions themselves.
  it.each(scribeFiles)('parses scribe policy %s wrapped as a scribe operation, and refuses it bare', (name) => {
    const doc: unknown = JSON.parse(readFileSync(join(SAMPLES, 'scribe', name), 'utf8'));
    const wrapped = parseAction({
      ...minimal,
      name: `scribe ${name}`,
      operations: [{ module: 'scribe', parameters: { scribedoc: doc, onlytrue: true, humanoutput: false, jsonoutput: false } }],
    });
    expect(wrapped.ok ? 'ok' : wrapped.reason).toBe('ok');
    const bare = parseAction(doc);
    expect(bare.ok).toBe(false);
    if (!bare.ok) {
      expect(bare.code).toBe('INVALID_ACTION');
      expect(bare.reason).toContain("must have required property 'name'");
      expect(bare.reason).toContain("unknown field 'objects'");
    }
  });

  it('keeps MIG bookkeeping fields and a null pgpsignatures', () => {
    const result = parseAction(readFileSync(join(SAMPLES, 'sshd_backdoor.json'), 'utf8'));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.action.pgpsignatures).toBeNull();
      expect(result.action.id).toBe(0);
      expect(result.action.validfrom).toBe('0001-01-01T00:00:00Z');
    }
  });

  it('returns a copy, not the caller object', () => {
    const input = structuredClone(minimal);
    const result = parseAction(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      result.action.operations[0]!.module = 'changed';
      expect(input.operations[0]!.module).toBe('file');
    }
  });

  it('refuses text that is not JSON', () => {
    const result = parseAction('{"name": ');
    expect(result).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  });

  it('reports every schema problem at once', () => {
    const result = parseAction({ ...minimal, name: '', syntaxversion: 1, operations: [], extra: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('INVALID_ACTION');
      expect(result.reason).toContain('action/name must NOT have fewer than 1 characters');
      expect(result.reason).toContain('action/syntaxversion must be 2');
      expect(result.reason).toContain('action/operations must NOT have fewer than 1 items');
      expect(result.reason).toContain("unknown field 'extra'");
    }
  });

  it('refuses unknown operation fields and malformed Vigil signatures', () => {
    const result = parseAction({
      ...minimal,
      operations: [{ module: 'file', parameters: {}, Module: 'netstat' }],
      signatures: [{ format: 'vigil-jcs-2', signature: 'x' }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain("action/operations/0 has unknown field 'Module'");
      expect(result.reason).toContain('action/signatures/0/format must be "vigil-jcs-1"');
    }
  });

  it.each([
    ['2026-01-01 00:00:00Z', 'must be an RFC 3339 date-time'],
    ['2026-02-30T00:00:00Z', 'is not a valid date'],
    ['2026-01-01T24:00:00Z', 'is not a valid date'],
    ['2026-01-01T00:00:00+25:00', 'is not a valid date'],
  ])('refuses validfrom %s', (validfrom, message) => {
    const result = parseAction({ ...minimal, validfrom });
    expect(result.ok ? 'ok' : result.reason).toContain(message);
  });

  it('refuses a window that ends before it starts', () => {
    const result = parseAction({ ...minimal, validfrom: '2026-01-02T00:00:00Z', expireafter: '2026-01-01T23:59:59+00:00' });
    expect(result.ok ? 'ok' : result.reason).toBe('action/expireafter is before action/validfrom');
  });

  it('never throws on odd inputs', () => {
    for (const input of [null, undefined, 42, [], 'null', '"x"', { toJSON: () => 1 }]) {
      expect(parseAction(input).ok).toBe(false);
    }
  });
});
