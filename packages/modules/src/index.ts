// version (pkg/scribe/compliance engineer)
export { compareDebianVersions, compareDebianVersionPart } from './version/compareDebianVersions';
export type { VersionOrder } from './version/compareDebianVersions';
export { parseDebianVersion } from './version/parseDebianVersion';
export type { DebianVersion, ParseDebianVersionResult } from './version/parseDebianVersion';
export { compareRpmVersions } from './version/compareRpmVersions';
export { compareRpmEvr } from './version/compareRpmEvr';
export { parseRpmEvr } from './version/parseRpmEvr';
export type { RpmEvr } from './version/parseRpmEvr';
