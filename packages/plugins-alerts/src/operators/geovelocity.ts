import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { compileFieldPath, keyOf as scalarKey } from '../internal/fieldPath';
import { OperatorState } from '../internal/OperatorState';
import { toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import { haversineKm } from './haversineKm';
import type { StreamOptions, Where } from './StreamOptions';

/** Options of {@link geovelocity}. */
export interface GeovelocityOptions extends StreamOptions {
  /** Logins considered. @default every event */
  where?: Where;
  /** Field holding the user. @default 'details.username' */
  userField?: string;
  /** Field holding `{ latitude, longitude, city?, countrycode? }`. @default 'details.sourceipgeolocation' */
  locationField?: string;
  /** Speeds above this are impossible travel, km/h. @default 1000 */
  maxKmh?: number;
  /** Distances below this never alert (geolocation noise), km. @default 100 */
  minDistanceKm?: number;
}

interface Place {
  lat: number;
  lon: number;
  t: number;
  event: VigilEvent;
  where: Record<string, unknown>;
}

function placeOf(value: unknown): { lat: number; lon: number; where: Record<string, unknown> } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const lat = v['latitude'];
  const lon = v['longitude'];
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return undefined;
  return { lat, lon, where: v };
}

/** Impossible travel: two logins of one user whose distance over elapsed time exceeds `maxKmh` (haversine). */
export function geovelocity(options: GeovelocityOptions = {}): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const readUser = compileFieldPath(options.userField ?? 'details.username');
  const readPlace = compileFieldPath(options.locationField ?? 'details.sourceipgeolocation');
  const maxKmh = options.maxKmh ?? 1000;
  const minDistanceKm = options.minDistanceKm ?? 100;
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<Place>(options);
      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t) || !test(event)) return;
          const user = scalarKey(readUser(event));
          const place = placeOf(readPlace(event));
          if (user === undefined || place === undefined) return;
          const prev = state.keys.get(user);
          const here: Place = { ...place, t, event };
          if (prev === undefined || prev.t <= t) state.keys.set(user, here);
          if (prev === undefined) return;
          const distanceKm = haversineKm(prev.lat, prev.lon, place.lat, place.lon);
          if (distanceKm < minDistanceKm) return;
          const hours = Math.abs(t - prev.t) / 3_600_000;
          const speedKmh = hours === 0 ? Number.POSITIVE_INFINITY : distanceKm / hours;
          if (speedKmh <= maxKmh) return;
          const [a, b] = prev.t <= t ? [prev, here] : [here, prev];
          state.stats.detections++;
          state.report();
          subscriber.next({
            key: user,
            events: [a.event, b.event],
            count: 2,
            firstTime: a.t,
            lastTime: b.t,
            details: {
              username: user,
              distanceKm: Math.round(distanceKm),
              speedKmh: Number.isFinite(speedKmh) ? Math.round(speedKmh) : null,
              from: a.where,
              to: b.where,
            },
          });
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        sub.unsubscribe();
        state.report();
      };
    });
}
