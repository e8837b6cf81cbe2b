import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventSchema, validateEvent } from './eventSchema';
import type { VigilEvent } from './VigilEvent';

const schemaFile = resolve(import.meta.dirname, '../../schemas/event.schema.json');

function sampleEvent(): VigilEvent {
  return {
    id: '0b6f3f7e-4a55-4b4b-9d7c-2d3a3f0e9a11',
    utctimestamp: '2024-01-02T03:04:05.000Z',
    receivedtimestamp: '2024-01-02T03:04:06.123Z',
    timestamp: '2024-01-02T03:04:05.000Z',
    hostname: 'web1.example.com',
    processname: 'sshd',
    processid: '1234',
    severity: 'NOTICE',
    summary: 'Accepted publickey for alice',
    category: 'authentication',
    source: 'syslog',
    tags: ['ssh'],
    details: { username: 'alice', sourceipaddress: '192.0.2.7' },
    type: 'event',
  };
}

describe('eventSchema', () => {
  it('is the document published as schemas/event.schema.json', () => {
    const published = JSON.parse(readFileSync(schemaFile, 'utf8')) as unknown;
    // If this fails, rewrite the file from eventSchema (JSON.stringify(eventSchema, null, 2) plus a newline).
    expect(published).toEqual(eventSchema);
    expect(readFileSync(schemaFile, 'utf8')).toBe(`${JSON.stringify(eventSchema, null, 2)}\n`);
  });

  it('requires every field of VigilEvent except the optional plugins and type', () => {
    const event: Record<keyof VigilEvent, true> = {
      id: true,
      utctimestamp: true,
      receivedtimestamp: true,
      timestamp: true,
      hostname: true,
      processname: true,
      processid: true,
      severity: true,
      summary: true,
      category: true,
      source: true,
      tags: true,
      details: true,
      plugins: true,
      type: true,
    };
    expect(Object.keys(eventSchema.properties).sort()).toEqual(Object.keys(event).sort());
    expect([...eventSchema.required].sort()).toEqual(Object.keys(event).filter((key) => key !== 'plugins' && key !== 'type').sort());
  });
});

describe('validateEvent', () => {
  it('accepts a well-formed event, with and without the optional fields', () => {
    expect(validateEvent(sampleEvent())).toEqual({ ok: true });
    const { type: _type, ...withoutType } = sampleEvent();
    expect(validateEvent(withoutType)).toEqual({ ok: true });
    expect(validateEvent({ ...sampleEvent(), plugins: ['enrich:geoip'] })).toEqual({ ok: true });
  });

  it('reports every problem at once, each with its JSON pointer', () => {
    const bad = { ...sampleEvent(), severity: 'LOUD', tags: ['ok', 3], utctimestamp: '2024-01-02 03:04:05' } as unknown;
    const result = validateEvent(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The bad timestamp breaks both its pattern and its date-time format.
    expect(result.errors).toHaveLength(4);
    expect(result.errors).toContainEqual(expect.stringMatching(/^\/severity must be equal to one of the allowed values: DEBUG, INFO/));
    expect(result.errors).toContainEqual(expect.stringMatching(/^\/tags\/1 must be string/));
    expect(result.errors).toContainEqual(expect.stringMatching(/^\/utctimestamp must match pattern/));
    expect(result.errors).toContainEqual('/utctimestamp must match format "date-time"');
  });

  it('names a missing field and an extra top-level field', () => {
    const { hostname: _hostname, ...missing } = sampleEvent();
    const result = validateEvent({ ...missing, mozdefhostname: 'x' });
    expect(result).toEqual({
      ok: false,
      errors: ["/ must have required property 'hostname'", '/ must NOT have additional properties: mozdefhostname'],
    });
  });

  it.each([
    ['an id with unsafe characters', { id: 'a b' }],
    ['an empty id', { id: '' }],
    ['an id of 129 characters', { id: 'a'.repeat(129) }],
    ['a timestamp without milliseconds', { timestamp: '2024-01-02T03:04:05Z' }],
    ['an impossible date in the right shape', { receivedtimestamp: '2024-02-30T03:04:05.000Z' }],
    ['a numeric processid', { processid: 1234 }],
    ['details that are an array', { details: [] }],
    ['a lower-case severity', { severity: 'info' }],
  ])('refuses %s', (_label, change) => {
    expect(validateEvent({ ...sampleEvent(), ...change }).ok).toBe(false);
  });

  it.each([[null], [42], ['event'], [[]], [undefined]])('refuses the non-object %j without throwing', (value) => {
    const result = validateEvent(value);
    expect(result).toEqual({ ok: false, errors: ['/ must be object'] });
  });
});
