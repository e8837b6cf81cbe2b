/** What geoip writes in `details.<side>ipgeolocation`; each field only when the database has it. */
export interface GeoLocation {
  /** City name (English where the database has names by language). */
  city?: string;
  /** First-level subdivision: state, region or province (`state1` in DB-IP, `subdivisions[0]` in MaxMind). */
  region?: string;
  /** ISO 3166-1 alpha-2 country code. */
  countrycode?: string;
  /** Country name (English). */
  country?: string;
  /** Latitude in degrees, rounded to 4 decimals (about 11 m; a city database places a city, not an address). */
  latitude?: number;
  /** Longitude in degrees, rounded to 4 decimals. */
  longitude?: number;
  /** IANA time zone (`Europe/London`), where the database has one (GeoLite2-City does, DB-IP lite does not). */
  timezone?: string;
}
