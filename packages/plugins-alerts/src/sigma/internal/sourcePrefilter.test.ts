import { compileQuery, parseQuery } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../internal/makeEvent';
import { sourcePrefilter } from './sourcePrefilter';

describe('sourcePrefilter', () => {
  it('never rejects an event the full logsource query accepts', () => {
    const conditions = ['(category:auditd)', '(category:bro AND details.type:notice)', '(processname:sshd)', 'source:cloudtrail OR source:guardduty'];
    const events = [
      makeEvent({ category: 'auditd' }),
      makeEvent({ category: 'AUDITD' }),
      makeEvent({ category: 'bro', details: { type: 'notice' } }),
      makeEvent({ category: 'bro', details: { type: 'conn' } }),
      makeEvent({ processname: 'sshd' }),
      makeEvent({ source: 'cloudtrail' }),
      makeEvent({ category: 'syslog', details: { type: 7 } }),
    ];
    for (const c of conditions) {
      const q = parseQuery(c);
      if (!q.ok) throw new Error(q.reason);
      const full = compileQuery(q.query);
      const quick = sourcePrefilter(c);
      for (const e of events) if (full(e)) expect(quick === undefined || quick(e)).toBe(true);
    }
    expect(sourcePrefilter('source:cloudtrail OR source:guardduty')).toBeUndefined();
    expect(sourcePrefilter('(category:auditd)')!(makeEvent({ category: 'proxy' }))).toBe(false);
  });
});
