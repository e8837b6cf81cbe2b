import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Use of the AWS root account (any CloudTrail call whose identity type is Root, not an AWS service event). */
export function cloudtrailRootUse(): RulePlugin {
  return defineRule({
    id: 'cloudtrail-root-use',
    name: 'AWS root account used',
    severity: 'CRITICAL',
    category: 'cloudtrail',
    tags: ['aws', 'cloudtrail', 'root', 'T1078.004'],
    summary: 'AWS root account of {{event.details.accountid}} called {{event.details.eventname}} from {{event.details.sourceipaddress}}',
    throttle: '1h',
    detect: {
      type: 'match',
      where: (e) =>
        e.source === 'cloudtrail' &&
        e.details['useridentitytype'] === 'Root' &&
        e.details['eventType'] !== 'AwsServiceEvent' &&
        e.details['sourceservice'] === undefined,
      groupBy: 'details.accountid',
    },
  });
}
