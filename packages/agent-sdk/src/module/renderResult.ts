import type { ModuleDefinition, ShowMode } from './ModuleDefinition';
import type { ModuleResult } from './ModuleResult';

/**
 * Renders one module result as lines for people. Uses the module's own `render` when it has one;
 * otherwise prints found elements as JSON. `show` picks found results, not-found ones, or all.
 * Errors are always shown; a module whose `render` throws falls back to the generic form.
 */
export function renderResult(module: Pick<ModuleDefinition, 'name' | 'render'> | undefined, result: ModuleResult, show: ShowMode = 'found'): string[] {
  const lines: string[] = [];
  const wanted = show === 'all' || (show === 'found' ? result.foundanything : !result.foundanything);
  if (wanted && result.success) {
    let rendered: string[] | undefined;
    if (module?.render !== undefined) {
      try {
        rendered = module.render(result, show);
      } catch (error) {
        lines.push(`render error: ${(error as Error).message}`);
      }
    }
    if (rendered !== undefined) lines.push(...rendered);
    else lines.push(result.foundanything ? `found: ${JSON.stringify(result.elements)}` : 'nothing found');
  }
  if (!result.success) lines.push('module failed');
  for (const error of result.errors) lines.push(`error: ${error}`);
  return lines;
}
