import { defineRule, type RulePlugin } from '../rules/defineRule';

/** A successful AWS console login without MFA. */
export function consoleLoginWithoutMfa(): RulePlugin {
  return defineRule({
    id: 'console-login-without-mfa',
    name: 'AWS console login without MFA',
    severity: 'WARNING',
    category: 'authentication',
    tags: ['aws', 'cloudtrail', 'mfa'],
    summary: '{{event.details.username}} logged in to the AWS console without MFA from {{event.details.sourceipaddress}}',
    throttle: '1h',
    detect: {
      type: 'match',
      where: (e) => e.details['eventname'] === 'ConsoleLogin' && e.details['success'] === true && e.details['mfaused'] === false,
      groupBy: 'details.actor',
    },
  });
}
