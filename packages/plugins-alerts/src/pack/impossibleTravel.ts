import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link impossibleTravel}. */
export interface ImpossibleTravelOptions {
  /** Speed above which travel is impossible, km/h. @default 1000 */
  maxKmh?: number;
  /** Ignore distances below this (geolocation noise), km. @default 100 */
  minDistanceKm?: number;
  /** @default 'details.username' */
  userField?: string;
  /** @default 'details.sourceipgeolocation' */
  locationField?: string;
}

/** Impossible travel: two successful logins of one user from places too far apart for the time between them. */
export function impossibleTravel(options: ImpossibleTravelOptions = {}): RulePlugin {
  return defineRule({
    id: 'impossible-travel',
    name: 'Impossible travel',
    severity: 'WARNING',
    category: 'geomodel',
    tags: ['geovelocity', 'authentication', 'T1078'],
    summary: (d) => {
      const from = (d.details['from'] ?? {}) as Record<string, unknown>;
      const to = (d.details['to'] ?? {}) as Record<string, unknown>;
      const place = (p: Record<string, unknown>): string => `${String(p['city'] ?? '?')}, ${String(p['countrycode'] ?? '?')}`;
      return `${d.key} logged in from ${place(from)} then ${place(to)}: ${String(d.details['distanceKm'])} km at ${String(d.details['speedKmh'] ?? '∞')} km/h`;
    },
    throttle: '1h',
    detect: {
      type: 'geovelocity',
      where: 'category:authentication AND details.success:true',
      maxKmh: options.maxKmh ?? 1000,
      minDistanceKm: options.minDistanceKm ?? 100,
      ...(options.userField === undefined ? {} : { userField: options.userField }),
      ...(options.locationField === undefined ? {} : { locationField: options.locationField }),
      allowedLateness: '1h',
    },
  });
}
