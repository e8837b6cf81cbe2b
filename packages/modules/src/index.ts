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

// compliance (pkg/scribe/compliance engineer)
export { complianceModule } from './compliance/complianceModule';
export type { ComplianceCounts, ComplianceElements, ComplianceParams, ComplianceStatistics } from './compliance/complianceModule';
export type {
  ComplianceCheck,
  CompliancePolicy,
  ComplianceTest,
  FileModeTest,
  KeyValueTest,
  RegexTest,
  SysctlTest,
  WorldWritableTest,
} from './compliance/CompliancePolicy';
export { compliancePolicySchema, parseCompliancePolicy } from './compliance/parseCompliancePolicy';
export type { ParseCompliancePolicyResult } from './compliance/parseCompliancePolicy';
export { builtinPoliciesDir, listBuiltinPolicies, loadCompliancePolicy } from './compliance/loadCompliancePolicy';
export { COMPLIANCE_LEVELS, runCompliancePolicy } from './compliance/runCompliancePolicy';
export type { ComplianceOutcome, RunComplianceOptions } from './compliance/runCompliancePolicy';

// users (pkg/scribe/compliance engineer)
export { usersModule } from './users/usersModule';
export type { UsersElements, UsersParams, UsersStatistics } from './users/usersModule';
export { readAccounts } from './users/readAccounts';
export type { PasswordState, ReadAccountsResult, UserAccount } from './users/readAccounts';
export { runArgv, userCommandArgv } from './users/userCommands';
export type { CommandOutcome, UserChange } from './users/userCommands';

// firewall (pkg/scribe/compliance engineer)
export { createFirewallModule, firewallModule, VIGIL_TABLE_SCRIPT } from './firewall/firewallModule';
export type {
  FirewallCommand,
  FirewallElements,
  FirewallModuleOptions,
  FirewallParams,
  FirewallStatistics,
  ToolState,
} from './firewall/firewallModule';
export { covers, parseBlockTarget } from './firewall/blockTarget';
export type { BlockTarget } from './firewall/blockTarget';
export { parseIptablesSave } from './firewall/parseIptablesSave';
export type { IptablesChain, IptablesRule, IptablesTable } from './firewall/parseIptablesSave';
export { nftElementText, parseNftRuleset } from './firewall/parseNftRuleset';
export type { NftRuleset } from './firewall/parseNftRuleset';

// file, memory, netstat, ping, timedrift (host-inspection engineer)
export { fileModule } from './file/fileModule';
export { fileParamsFromFlags } from './file/fileFlags';
export { fileParamsSchema, FILE_HASHES } from './file/FileParams';
export type { FileHashKind, FileParams, FileSearch, FileSearchOptions } from './file/FileParams';
export type { FileElements, FileMatch, FileStatistics } from './file/FileMatch';
export { memoryModule } from './memory/memoryModule';
export { memoryParamsSchema } from './memory/MemoryParams';
export type {
  MemoryElements,
  MemoryHit,
  MemoryParams,
  MemoryProcessMatch,
  MemorySearch,
  MemorySearchOptions,
  MemoryStatistics,
} from './memory/MemoryParams';
export { netstatModule } from './netstat/netstatModule';
export { netstatParamsSchema } from './netstat/NetstatParams';
export type {
  LocalAddressEntry,
  NeighborEntry,
  NetstatCheck,
  NetstatCheckResult,
  NetstatElements,
  NetstatEntry,
  NetstatParams,
  NetstatStatistics,
  SocketEntry,
} from './netstat/NetstatParams';
export { pingModule } from './ping/pingModule';
export { pingParamsSchema } from './ping/PingParams';
export type { PingElements, PingParams, PingProbe, PingStatistics, ProbeStatus } from './ping/PingParams';
export { timedriftModule } from './timedrift/timedriftModule';
export { timedriftParamsSchema } from './timedrift/TimedriftParams';
export type { TimedriftElements, TimedriftParams, TimedriftSample, TimedriftStatistics } from './timedrift/TimedriftParams';

// allModules: each engineer adds their own module definitions to this list.
import type { ModuleDefinition } from '@vigil/agent-sdk';
import { fileModule as fileDefinition } from './file/fileModule';
import { memoryModule as memoryDefinition } from './memory/memoryModule';
import { netstatModule as netstatDefinition } from './netstat/netstatModule';
import { pingModule as pingDefinition } from './ping/pingModule';
import { timedriftModule as timedriftDefinition } from './timedrift/timedriftModule';
import { pkgModule as pkgDefinition } from './pkg/pkgModule';
import { scribeModule as scribeDefinition } from './scribe/scribeModule';
import { complianceModule as complianceDefinition } from './compliance/complianceModule';
import { usersModule as usersDefinition } from './users/usersModule';
import { firewallModule as firewallDefinition } from './firewall/firewallModule';

/** Every module definition of this package, for an agent's registry. */
export const allModules: readonly ModuleDefinition[] = [
  fileDefinition,
  memoryDefinition,
  netstatDefinition,
  pingDefinition,
  timedriftDefinition,
  pkgDefinition,
  scribeDefinition,
  complianceDefinition,
  usersDefinition,
  firewallDefinition,
];
