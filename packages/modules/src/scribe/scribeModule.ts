import { readFileSync } from 'node:fs';
import { AgentError, defineModule } from '@vigil/agent-sdk';
import type { FlagSpec, ModuleResult, ParsedFlags, ShowMode } from '@vigil/agent-sdk';
import { boolFlag, stringFlag } from '../internal/flagValues';
import { evaluateScribe } from './evaluateScribe';
import { parseScribeDocument } from './parseScribeDocument';
import type { ScribeTestResult } from './ScribeDocument';

/** Parameters of the scribe module. */
export interface ScribeParams {
  /** The scribe policy document (objects, tests, variables). */
  readonly policy: Record<string, unknown>;
  /** Return only tests whose master result is true. @default false */
  readonly onlytrue?: boolean;
  /** Root directory prefixed to every path, and whose package databases are read. @default '/' */
  readonly root?: string;
}

/** Elements of a scribe result. */
export interface ScribeElements {
  /** One result per test (only true ones with `onlytrue`). */
  results: ScribeTestResult[];
}

/** Statistics of a scribe result. */
export interface ScribeStatistics {
  /** Tests evaluated. */
  tests: number;
  /** Tests whose master result is true. */
  truecount: number;
  /** Tests that could not be evaluated. */
  errorcount: number;
  /** Time spent, in milliseconds. */
  exectimeMs: number;
}

const scribeParamsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['policy'],
  properties: {
    policy: {
      type: 'object',
      required: ['tests'],
      properties: {
        variables: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } } },
        objects: { type: 'array', items: { type: 'object', required: ['object'], properties: { object: { type: 'string' } } } },
        tests: { type: 'array', items: { type: 'object', required: ['test', 'object'], properties: { test: { type: 'string' }, object: { type: 'string' } } } },
      },
    },
    onlytrue: { type: 'boolean' },
    root: { type: 'string', minLength: 1 },
  },
} as const;

const scribeFlags: readonly FlagSpec[] = [
  { name: 'path', kind: 'string', description: 'scribe policy file (JSON) to send, read on the investigator side' },
  { name: 'onlytrue', kind: 'boolean', description: 'only return tests that evaluated to true' },
  { name: 'root', kind: 'string', description: 'root directory of the host to evaluate (default /)' },
];

function scribeParamsFromFlags(flags: ParsedFlags): ScribeParams {
  const path = stringFlag(flags, 'path');
  if (path === undefined) throw new AgentError('FLAGS_INVALID', 'scribe needs -path <policy.json>');
  let policy: unknown;
  try {
    policy = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AgentError('FLAGS_INVALID', `cannot read scribe policy ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseScribeDocument(policy);
  if (!parsed.ok) throw new AgentError('FLAGS_INVALID', `scribe policy ${path}: ${parsed.problems.join('; ') || parsed.reason}`);
  const root = stringFlag(flags, 'root');
  return { policy: policy as Record<string, unknown>, ...(boolFlag(flags, 'onlytrue') ? { onlytrue: true } : {}), ...(root !== undefined ? { root } : {}) };
}

function renderScribe(result: ModuleResult<ScribeElements, ScribeStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const r of result.elements.results) {
    const status = r.iserror ? 'error' : r.masterresult ? 'true' : 'false';
    if (show === 'found' && status !== 'true') continue;
    if (show === 'notfound' && status === 'true') continue;
    const name = r.name || r.testid;
    lines.push(`master [${status}] name:"${name}" id:"${r.testid}" hastrue:${r.hastrueresults} error:"${r.error}"`);
    for (const s of r.results) lines.push(`sub [${s.result}] name:"${name}" id:"${r.testid}" identifier:"${s.identifier}" value:"${s.value}"`);
  }
  const s = result.statistics;
  lines.push(`${s.tests} tests: ${s.truecount} true, ${s.errorcount} errors`);
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * The scribe module: evaluates a scribe policy (Mozilla scribe's language: package, filecontent, filename, raw and
 * hasline objects; evr, regexp and exactmatch tests; `if` dependencies) and returns per-test results.
 */
export const scribeModule = defineModule<ScribeParams, ScribeElements, ScribeStatistics>({
  name: 'scribe',
  description: 'Evaluate a scribe policy (package versions, file contents) and return per-test results.',
  params: scribeParamsSchema,
  flags: scribeFlags,
  paramsFromFlags: scribeParamsFromFlags,
  async run(params, context) {
    const started = Date.now();
    const parsed = parseScribeDocument(params.policy);
    if (!parsed.ok) {
      return {
        foundanything: false,
        success: false,
        elements: { results: [] },
        statistics: { tests: 0, truecount: 0, errorcount: 0, exectimeMs: 0 },
        errors: parsed.problems.length > 0 ? parsed.problems : [parsed.reason],
      };
    }
    const results = await evaluateScribe(parsed.document, { ...(params.root !== undefined ? { root: params.root } : {}), signal: context.signal });
    const truecount = results.filter((r) => r.masterresult).length;
    const errorcount = results.filter((r) => r.iserror).length;
    return {
      foundanything: truecount > 0,
      success: !context.signal.aborted,
      elements: { results: params.onlytrue ? results.filter((r) => r.masterresult) : results },
      statistics: { tests: results.length, truecount, errorcount, exectimeMs: Date.now() - started },
      errors: context.signal.aborted ? ['aborted: deadline passed or agent shutting down; unevaluated tests are marked as errors'] : [],
    };
  },
  render: renderScribe,
});
