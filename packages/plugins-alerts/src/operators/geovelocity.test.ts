import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { geovelocity } from './geovelocity';
import { haversineKm } from './haversineKm';

const PARIS = { latitude: 48.8566, longitude: 2.3522, city: 'Paris', countrycode: 'FR' };
const NYC = { latitude: 40.7128, longitude: -74.006, city: 'New York', countrycode: 'US' };
const LYON = { latitude: 45.764, longitude: 4.8357, city: 'Lyon', countrycode: 'FR' };
const login = (user: string, where: object, at: number) => makeEvent({ at, category: 'authentication', details: { success: true, username: user, sourceipgeolocation: where } });

describe('geovelocity', () => {
  it('haversine: Paris to New York is about 5837 km', () => {
    expect(Math.round(haversineKm(PARIS.latitude, PARIS.longitude, NYC.latitude, NYC.longitude))).toBeGreaterThan(5820);
    expect(Math.round(haversineKm(PARIS.latitude, PARIS.longitude, NYC.latitude, NYC.longitude))).toBeLessThan(5850);
    expect(haversineKm(1, 2, 1, 2)).toBe(0);
  });

  it('alerts when two logins imply more than maxKmh, not for plausible trips', async () => {
    const events = [
      login('alice', PARIS, sec(0)),
      login('alice', NYC, sec(3600)), // 5837 km in 1 h
      login('bob', PARIS, sec(0)),
      login('bob', LYON, sec(4 * 3600)), // 392 km in 4 h
    ];
    const out = await lastValueFrom(from(events).pipe(geovelocity({ where: 'details.success:true', maxKmh: 1000 }), toArray()));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: 'alice', count: 2, details: { from: { city: 'Paris' }, to: { city: 'New York' } } });
    expect(out[0]!.details['speedKmh']).toBeGreaterThan(5000);
  });

  it('ignores short distances and events without coordinates', async () => {
    const events = [login('c', PARIS, sec(0)), login('c', { latitude: 48.9, longitude: 2.4 }, sec(1)), login('c', { city: 'nowhere' }, sec(2))];
    expect(await lastValueFrom(from(events).pipe(geovelocity(), toArray()))).toHaveLength(0);
  });
});
