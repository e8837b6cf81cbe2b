import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link cloudtrailLoggingDisabled}. */
export interface CloudtrailLoggingDisabledOptions {
  /** CloudTrail API calls that stop or weaken logging. @default ['StopLogging', 'DeleteTrail', 'UpdateTrail'] */
  eventNames?: readonly string[];
}

/** CloudTrail logging stopped, deleted or changed (StopLogging, DeleteTrail, UpdateTrail). */
export function cloudtrailLoggingDisabled(options: CloudtrailLoggingDisabledOptions = {}): RulePlugin {
  const names = new Set(options.eventNames ?? ['StopLogging', 'DeleteTrail', 'UpdateTrail']);
  return defineRule({
    id: 'cloudtrail-logging-disabled',
    name: 'CloudTrail logging disabled',
    severity: 'CRITICAL',
    category: 'cloudtrail',
    tags: ['aws', 'cloudtrail', 'T1562.008'],
    summary: '{{event.details.eventname}} on trail {{event.details.requestParameters.name}} by {{event.details.actor}} from {{event.details.sourceipaddress}}',
    detect: {
      type: 'match',
      where: (e) => e.source === 'cloudtrail' && names.has(String(e.details['eventname'])) && e.details['errorcode'] === undefined,
      groupBy: 'details.actor',
    },
  });
}
