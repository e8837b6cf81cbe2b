// version (pkg/scribe/compliance engineer)
export { compareDebianVersions, compareDebianVersionPart } from './version/compareDebianVersions';
export type { VersionOrder } from './version/compareDebianVersions';
export { parseDebianVersion } from './version/parseDebianVersion';
export type { DebianVersion, ParseDebianVersionResult } from './version/parseDebianVersion';
export { compareRpmVersions } from './version/compareRpmVersions';
export { compareRpmEvr } from './version/compareRpmEvr';
export { parseRpmEvr } from './version/parseRpmEvr';
export type { RpmEvr } from './version/parseRpmEvr';

// file, memory, netstat, ping, timedrift (host-inspection engineer)
export { fileModule } from './file/fileModule';
export { fileParamsFromFlags } from './file/fileFlags';
export { fileParamsSchema, FILE_HASHES } from './file/FileParams';
export type { FileHashKind, FileParams, FileSearch, FileSearchOptions } from './file/FileParams';
export type { FileElements, FileMatch, FileStatistics } from './file/FileMatch';
