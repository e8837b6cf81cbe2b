// version (pkg/scribe/compliance engineer)
export { compareDebianVersions, compareDebianVersionPart } from './version/compareDebianVersions';
export type { VersionOrder } from './version/compareDebianVersions';
export { parseDebianVersion } from './version/parseDebianVersion';
export type { DebianVersion, ParseDebianVersionResult } from './version/parseDebianVersion';
export { compareRpmVersions } from './version/compareRpmVersions';
export { compareRpmEvr } from './version/compareRpmEvr';
export { parseRpmEvr } from './version/parseRpmEvr';
export type { RpmEvr } from './version/parseRpmEvr';

// pkg (pkg/scribe/compliance engineer)
export { pkgModule } from './pkg/pkgModule';
export type { PkgElements, PkgParams, PkgStatistics } from './pkg/pkgModule';
export type { InstalledPackage, PackageSystem } from './pkg/InstalledPackage';
export { listPackages } from './pkg/listPackages';
export type { ListPackagesOptions, PackageList, PackageSystemState } from './pkg/listPackages';
export { parseDpkgStatus } from './pkg/parseDpkgStatus';
export { readRpmPackages } from './pkg/readRpmPackages';
export type { ReadRpmOptions, ReadRpmResult } from './pkg/readRpmPackages';
export { compareVersionsFor, matchesVersionFilter, operatorHolds, parseVersionFilter } from './pkg/versionFilter';
export type { VersionFilter, VersionOperator } from './pkg/versionFilter';

// scribe (pkg/scribe/compliance engineer)
export { scribeModule } from './scribe/scribeModule';
export type { ScribeElements, ScribeParams, ScribeStatistics } from './scribe/scribeModule';
export { evaluateScribe } from './scribe/evaluateScribe';
export type { EvaluateScribeOptions } from './scribe/evaluateScribe';
export { parseScribeDocument } from './scribe/parseScribeDocument';
export type { ParseScribeResult } from './scribe/parseScribeDocument';
export type {
  ScribeDocument,
  ScribeFileContentSource,
  ScribeFileNameSource,
  ScribeHasLineSource,
  ScribeObject,
  ScribePackageSource,
  ScribeRawSource,
  ScribeTest,
  ScribeTestResult,
  ScribeVariable,
} from './scribe/ScribeDocument';

// file, memory, netstat, ping, timedrift (host-inspection engineer)
export { fileModule } from './file/fileModule';
export { fileParamsFromFlags } from './file/fileFlags';
export { fileParamsSchema, FILE_HASHES } from './file/FileParams';
export type { FileHashKind, FileParams, FileSearch, FileSearchOptions } from './file/FileParams';
export type { FileElements, FileMatch, FileStatistics } from './file/FileMatch';
