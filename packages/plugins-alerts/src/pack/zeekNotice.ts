import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link zeekNotice}. */
export interface ZeekNoticeOptions {
  /** Notes that alert: exact names, or prefixes ending in `*`. @default ['SSH::Password_Guessing', 'Scan::*'] */
  notes?: readonly string[];
}

/** Zeek notices worth an alert: SSH password guessing and scans. */
export function zeekNotice(options: ZeekNoticeOptions = {}): RulePlugin {
  const notes = options.notes ?? ['SSH::Password_Guessing', 'Scan::*'];
  const exact = new Set(notes.filter((n) => !n.endsWith('*')));
  const prefixes = notes.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
  return defineRule({
    id: 'zeek-notice',
    name: 'Zeek notice',
    severity: 'WARNING',
    category: 'bro',
    tags: ['zeek', 'nsm'],
    summary: 'Zeek {{event.details.note}}: {{event.details.msg}} ({{event.details.sourceipaddress}})',
    throttle: '1h',
    detect: {
      type: 'match',
      where: (e) => {
        const note = e.details['note'];
        if (typeof note !== 'string') return false;
        if (!(e.category === 'bro' || e.category === 'bronotice' || e.category === 'zeek')) return false;
        const type = e.details['type'];
        if (type !== undefined && type !== 'notice') return false;
        return exact.has(note) || prefixes.some((p) => note.startsWith(p));
      },
      groupBy: ['details.note', 'details.sourceipaddress'],
    },
  });
}
