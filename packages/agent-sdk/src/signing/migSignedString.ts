import type { Action } from '../action/Action';
import { parseRfc3339 } from '../action/internal/rfc3339';
import { AgentError } from '../errors/AgentError';
import { goJson } from './internal/goJson';

/**
 * The exact text MIG signs for an action (mig `Action.String()`):
 * `name=<name>;target=<target>;validfrom=<unix>;expireafter=%!s(int64=<unix>);operations=<Go JSON>;`.
 * Name and target are not escaped, times are whole Unix seconds, and only these fields are covered: `id`,
 * `description`, `threat` and sub-second times are not signed. Throws `AgentError` when the action has no
 * valid `validfrom`/`expireafter` (MIG cannot sign a template).
 */
export function migSignedString(action: Action): string {
  const from = action.validfrom === undefined ? undefined : parseRfc3339(action.validfrom);
  const until = action.expireafter === undefined ? undefined : parseRfc3339(action.expireafter);
  if (from === undefined || until === undefined) {
    throw new AgentError(
      'ACTION_INCOMPLETE',
      'a MIG signature needs RFC 3339 validfrom and expireafter; set both before signing',
    );
  }
  const operations = `[${action.operations
    .map((op) => {
      let text = `{"module":${goJson(op.module)},"parameters":${goJson(op.parameters)}`;
      if (op.is_compressed === true) text += ',"is_compressed":true';
      if (op.want_compressed === true) text += ',"want_compressed":true';
      return `${text}}`;
    })
    .join(',')}]`;
  return (
    `name=${action.name};target=${action.target};validfrom=${from.unixSeconds};` +
    `expireafter=%!s(int64=${until.unixSeconds});operations=${operations};`
  );
}
