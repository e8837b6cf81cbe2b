import { readFileSync } from 'node:fs';
import type { CorrelationPlugin, PluginCatalog, ResponsePlugin } from '@vigil/core';
import { Ajv } from 'ajv';
import { PACK_RULES, rulePack, type RulePackOptions } from './pack/rulePack';
import { amqpPublish, type AmqpPublishOptions } from './respond/amqpPublish';
import { runCommand, type RunCommandOptions } from './respond/runCommand';
import { webhook, type WebhookOptions } from './respond/webhook';
import { loadRules } from './rules/loadRules';
import { loadSigmaRules } from './sigma/loadSigmaRules';
import { parseSigmaMappings } from './sigma/parseSigmaMappings';
import { sigmaRules, type SigmaRulesOptions } from './sigma/sigmaRules';

const ajv = new Ajv({ allErrors: true });
const retry = { type: 'object', properties: { attempts: { type: 'integer', minimum: 1 }, minDelayMs: { type: 'number' }, maxDelayMs: { type: 'number' } }, additionalProperties: false };
const paths = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] };
const SCHEMAS = {
  'alerts:rules': { type: 'object', required: ['paths'], properties: { paths, sigma: { type: 'object' } }, additionalProperties: false },
  'alerts:sigma': {
    type: 'object',
    required: ['paths'],
    properties: { paths, mappingFile: { type: 'string' }, throttle: { oneOf: [{ type: 'string' }, { type: 'number' }] }, name: { type: 'string' }, maxKeys: { type: 'integer' } },
    additionalProperties: false,
  },
  'respond:webhook': {
    type: 'object',
    required: ['url'],
    properties: { url: { type: 'string' }, format: { enum: ['json', 'slack', 'mattermost'] }, headers: { type: 'object', additionalProperties: { type: 'string' } }, timeoutMs: { type: 'number' }, retry, name: { type: 'string' } },
    additionalProperties: false,
  },
  'respond:amqp': {
    type: 'object',
    properties: { url: { type: 'string' }, exchange: { type: 'string' }, exchangeType: { enum: ['topic', 'fanout', 'direct'] }, routingKey: { type: 'string' }, retry, name: { type: 'string' } },
    additionalProperties: false,
  },
  'respond:command': {
    type: 'object',
    required: ['argv'],
    properties: { argv: { type: 'array', items: { type: 'string' }, minItems: 1 }, timeoutMs: { type: 'number' }, cwd: { type: 'string' }, env: { type: 'object', additionalProperties: { type: 'string' } }, retry, name: { type: 'string' } },
    additionalProperties: false,
  },
} as const;
const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]));

/** Checks factory options against their schema; throws with every problem (buildPlugins names the plugin). */
function check<T>(name: keyof typeof SCHEMAS, options: Record<string, unknown> | undefined): T {
  const validate = validators[name]!;
  const value = options ?? {};
  if (!validate(value)) throw new Error((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; '));
  return value as T;
}

const correlation: Record<string, (options?: Record<string, unknown>) => CorrelationPlugin | CorrelationPlugin[]> = {
  'alerts:pack': (options) => rulePack(options as RulePackOptions | undefined),
  'alerts:rules': (options) => {
    const o = check<{ paths: string | string[]; sigma?: Record<string, unknown> }>('alerts:rules', options);
    return loadRules(o.paths, o.sigma === undefined ? {} : { sigma: o.sigma });
  },
  'alerts:sigma': (options) => {
    const o = check<{ paths: string | string[]; mappingFile?: string } & SigmaRulesOptions>('alerts:sigma', options);
    const mapping = o.mappingFile === undefined ? {} : parseSigmaMappings(readFileSync(o.mappingFile, 'utf8'));
    return sigmaRules(loadSigmaRules(o.paths, mapping), o);
  },
};
for (const [id, factory] of Object.entries(PACK_RULES)) {
  correlation[`alerts:${id}`] = (options) => (factory as (o?: unknown) => CorrelationPlugin)(options);
}

const response: Record<string, (options?: Record<string, unknown>) => ResponsePlugin> = {
  'respond:webhook': (options) => webhook(check<WebhookOptions>('respond:webhook', options)),
  'respond:amqp': (options) => amqpPublish(check<AmqpPublishOptions>('respond:amqp', options)),
  'respond:command': (options) => runCommand(check<RunCommandOptions>('respond:command', options)),
};

/**
 * The package's catalog for `vigil serve`: the rule pack (`alerts:pack`, the default, and each rule as
 * `alerts:<id>`), YAML/Sigma rule loaders (`alerts:rules`, `alerts:sigma`) and responses (`respond:webhook`,
 * `respond:amqp`, `respond:command`). The agent-action response needs a dispatcher object, so it is built in code.
 */
export const vigilCatalog: PluginCatalog = {
  correlation,
  response,
  defaults: { correlation: ['alerts:pack'] },
};
