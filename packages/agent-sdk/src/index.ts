export { AgentError } from './errors/AgentError';
export type { ComplianceItem, ComplianceLevel } from './compliance/ComplianceItem';
export { defineModule } from './module/defineModule';
export type { ModuleContext, ModuleLogger } from './module/ModuleContext';
export type { FlagSpec, ModuleDefinition, ParsedFlags, ShowMode } from './module/ModuleDefinition';
export type { ModuleResult } from './module/ModuleResult';
