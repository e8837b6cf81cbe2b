import type { RulePlugin } from '../rules/defineRule';
import { cloudtrailLoggingDisabled, type CloudtrailLoggingDisabledOptions } from './cloudtrailLoggingDisabled';
import { cloudtrailRootUse } from './cloudtrailRootUse';
import { consoleLoginWithoutMfa } from './consoleLoginWithoutMfa';
import { execFromTmp, type ExecFromTmpOptions } from './execFromTmp';
import { guarddutyRecon, type GuarddutyReconOptions } from './guarddutyRecon';
import { impossibleTravel, type ImpossibleTravelOptions } from './impossibleTravel';
import { logSourceDeadman, type LogSourceDeadmanOptions } from './logSourceDeadman';
import { privilegedUserCreated, type PrivilegedUserCreatedOptions } from './privilegedUserCreated';
import { proxyExecutableDownload, type ProxyExecutableDownloadOptions } from './proxyExecutableDownload';
import { proxyNonstandardPort, type ProxyNonstandardPortOptions } from './proxyNonstandardPort';
import { rootLogin, type RootLoginOptions } from './rootLogin';
import { sshBruteforce, type SshBruteforceOptions } from './sshBruteforce';
import { sshSuccessAfterBruteforce, type SshSuccessAfterBruteforceOptions } from './sshSuccessAfterBruteforce';
import { sudoUnusualUser, type SudoUnusualUserOptions } from './sudoUnusualUser';
import { suricataAlert, type SuricataAlertOptions } from './suricataAlert';
import { zeekNotice, type ZeekNoticeOptions } from './zeekNotice';

/** Options of {@link rulePack}: per-rule options by rule id, and rules to leave out. */
export interface RulePackOptions {
  /** Rule ids to leave out. @default [] */
  disable?: readonly string[];
  'ssh-bruteforce'?: SshBruteforceOptions;
  'ssh-success-after-bruteforce'?: SshSuccessAfterBruteforceOptions;
  'root-login'?: RootLoginOptions;
  'sudo-unusual-user'?: SudoUnusualUserOptions;
  'log-source-deadman'?: LogSourceDeadmanOptions;
  'cloudtrail-logging-disabled'?: CloudtrailLoggingDisabledOptions;
  'guardduty-recon'?: GuarddutyReconOptions;
  'proxy-executable-download'?: ProxyExecutableDownloadOptions;
  'proxy-nonstandard-port'?: ProxyNonstandardPortOptions;
  'zeek-notice'?: ZeekNoticeOptions;
  'suricata-alert'?: SuricataAlertOptions;
  'exec-from-tmp'?: ExecFromTmpOptions;
  'impossible-travel'?: ImpossibleTravelOptions;
  'privileged-user-created'?: PrivilegedUserCreatedOptions;
}

/** Factories of the shipped rules by id (each takes its own options). */
export const PACK_RULES = {
  'ssh-bruteforce': sshBruteforce,
  'ssh-success-after-bruteforce': sshSuccessAfterBruteforce,
  'root-login': rootLogin,
  'sudo-unusual-user': sudoUnusualUser,
  'log-source-deadman': logSourceDeadman,
  'cloudtrail-logging-disabled': cloudtrailLoggingDisabled,
  'cloudtrail-root-use': cloudtrailRootUse,
  'console-login-without-mfa': consoleLoginWithoutMfa,
  'guardduty-recon': guarddutyRecon,
  'proxy-executable-download': proxyExecutableDownload,
  'proxy-nonstandard-port': proxyNonstandardPort,
  'zeek-notice': zeekNotice,
  'suricata-alert': suricataAlert,
  'exec-from-tmp': execFromTmp,
  'impossible-travel': impossibleTravel,
  'privileged-user-created': privilegedUserCreated,
} as const satisfies Record<string, (options?: never) => RulePlugin>;

/** The shipped rule pack: every rule in {@link PACK_RULES}, with options per rule id. */
export function rulePack(options: RulePackOptions = {}): RulePlugin[] {
  const disabled = new Set(options.disable ?? []);
  const unknown = [...disabled].filter((id) => !(id in PACK_RULES));
  if (unknown.length > 0) throw new Error(`unknown rule id(s) in disable: ${unknown.join(', ')}; known: ${Object.keys(PACK_RULES).join(', ')}`);
  const out: RulePlugin[] = [];
  for (const [id, factory] of Object.entries(PACK_RULES) as Array<[keyof typeof PACK_RULES, (o?: unknown) => RulePlugin]>) {
    if (disabled.has(id)) continue;
    out.push(factory((options as Record<string, unknown>)[id]));
  }
  return out;
}
