// The alert document
export { createAlert, DEFAULT_ALERT_SAMPLE } from './alert/createAlert';
export type { CreateAlertInput } from './alert/createAlert';

// Streaming correlation operators (event time, allowed lateness, bounded state)
export type { Detection } from './operators/Detection';
export { createCorrelationStats } from './operators/CorrelationStats';
export type { CorrelationStats } from './operators/CorrelationStats';
export type { GroupBy, StreamOptions, Where } from './operators/StreamOptions';
export { match } from './operators/match';
export type { MatchOptions } from './operators/match';
export { threshold } from './operators/threshold';
export type { ThresholdOptions } from './operators/threshold';
export { valueAggregate } from './operators/valueAggregate';
export type { ValueAggregateOptions } from './operators/valueAggregate';
export { valueCount } from './operators/valueCount';
export type { ValueCountOptions } from './operators/valueCount';
export { sequence } from './operators/sequence';
export type { SequenceOptions, SequenceStep } from './operators/sequence';
export { firstSeen } from './operators/firstSeen';
export type { FirstSeenOptions } from './operators/firstSeen';
export { geovelocity } from './operators/geovelocity';
export type { GeovelocityOptions } from './operators/geovelocity';
export { haversineKm } from './operators/haversineKm';
export { deadman } from './operators/deadman';
export type { DeadmanOptions } from './operators/deadman';
export { throttleDetections } from './operators/throttleDetections';
export type { ThrottleOptions } from './operators/throttleDetections';

// Rules: TypeScript, YAML, scheduled queries
export { defineRule } from './rules/defineRule';
export type { RulePlugin } from './rules/defineRule';
export type {
  CustomDetector,
  DeadmanDetector,
  Detector,
  DetectorBounds,
  FirstSeenDetector,
  GeovelocityDetector,
  MatchDetector,
  RuleDefinition,
  ScheduledDetector,
  SequenceDetector,
  ThresholdDetector,
  ValueAggregateDetector,
  ValueCountDetector,
} from './rules/RuleDefinition';
export { scheduledQuery } from './rules/scheduledQuery';
export type { ScheduledQueryOptions } from './rules/scheduledQuery';
export { parseRules, RULE_SCHEMA } from './rules/parseRules';
export { loadRules } from './rules/loadRules';
export type { LoadRulesOptions } from './rules/loadRules';
export type { Duration } from './internal/duration';

// Sigma
export { compileSigmaRule, sigmaSeverity } from './sigma/compileSigmaRule';
export { compileSigmaCorrelation } from './sigma/compileSigmaCorrelation';
export type { CompiledSigmaCorrelation, CompiledSigmaRule, SigmaFieldAlias, SigmaRuleSet } from './sigma/CompiledSigmaRule';
export { parseSigmaRules } from './sigma/parseSigmaRules';
export type { SigmaSource } from './sigma/parseSigmaRules';
export { loadSigmaRules } from './sigma/loadSigmaRules';
export { parseSigmaMappings } from './sigma/parseSigmaMappings';
export { DEFAULT_SIGMA_MAPPINGS } from './sigma/defaultSigmaMappings';
export type { SigmaFieldMapping, SigmaLogsource, SigmaOptions } from './sigma/SigmaOptions';
export { sigmaRules } from './sigma/sigmaRules';
export type { SigmaPlugin, SigmaRulesOptions } from './sigma/sigmaRules';

// The shipped rule pack
export { PACK_RULES, rulePack } from './pack/rulePack';
export type { RulePackOptions } from './pack/rulePack';
export { sshBruteforce, SSH_FAILURE } from './pack/sshBruteforce';
export type { SshBruteforceOptions } from './pack/sshBruteforce';
export { sshSuccessAfterBruteforce } from './pack/sshSuccessAfterBruteforce';
export type { SshSuccessAfterBruteforceOptions } from './pack/sshSuccessAfterBruteforce';
export { rootLogin } from './pack/rootLogin';
export type { RootLoginOptions } from './pack/rootLogin';
export { sudoUnusualUser } from './pack/sudoUnusualUser';
export type { SudoUnusualUserOptions } from './pack/sudoUnusualUser';
export { logSourceDeadman } from './pack/logSourceDeadman';
export type { LogSourceDeadmanOptions } from './pack/logSourceDeadman';
export { cloudtrailLoggingDisabled } from './pack/cloudtrailLoggingDisabled';
export type { CloudtrailLoggingDisabledOptions } from './pack/cloudtrailLoggingDisabled';
export { cloudtrailRootUse } from './pack/cloudtrailRootUse';
export { consoleLoginWithoutMfa } from './pack/consoleLoginWithoutMfa';
export { guarddutyRecon } from './pack/guarddutyRecon';
export type { GuarddutyReconOptions } from './pack/guarddutyRecon';
export { proxyExecutableDownload } from './pack/proxyExecutableDownload';
export type { ProxyExecutableDownloadOptions } from './pack/proxyExecutableDownload';
export { proxyNonstandardPort } from './pack/proxyNonstandardPort';
export type { ProxyNonstandardPortOptions } from './pack/proxyNonstandardPort';
export { zeekNotice } from './pack/zeekNotice';
export type { ZeekNoticeOptions } from './pack/zeekNotice';
export { suricataAlert } from './pack/suricataAlert';
export type { SuricataAlertOptions } from './pack/suricataAlert';
export { execFromTmp } from './pack/execFromTmp';
export type { ExecFromTmpOptions } from './pack/execFromTmp';
export { impossibleTravel } from './pack/impossibleTravel';
export type { ImpossibleTravelOptions } from './pack/impossibleTravel';
export { privilegedUserCreated } from './pack/privilegedUserCreated';
export type { PrivilegedUserCreatedOptions } from './pack/privilegedUserCreated';

// Response actions
export type { RetryOptions } from './respond/RetryOptions';
export { webhook, chatMessage } from './respond/webhook';
export type { WebhookOptions } from './respond/webhook';
export { amqpPublish } from './respond/amqpPublish';
export type { AmqpPublishOptions } from './respond/amqpPublish';
export { runCommand } from './respond/runCommand';
export type { CommandResult, RunCommandOptions } from './respond/runCommand';
export { buildActionTemplate, dispatchAction } from './respond/dispatchAction';
export type { DispatchActionOptions } from './respond/dispatchAction';
export type { AgentActionTemplate, AgentDispatcher, DispatchResult } from './respond/AgentDispatcher';

// The catalog `vigil serve` loads
export { vigilCatalog } from './vigilCatalog';
