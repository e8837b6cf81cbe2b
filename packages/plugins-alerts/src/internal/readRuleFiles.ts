import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { VigilError } from '@vigil/core';

const RULE_EXTENSIONS = new Set(['.yml', '.yaml']);

/** Reads rule files: each path is a file or a directory searched recursively for .yml/.yaml, in sorted order. */
export function readRuleFiles(paths: string | readonly string[]): Array<{ text: string; origin: string }> {
  const out: Array<{ text: string; origin: string }> = [];
  const visit = (path: string, explicit: boolean): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new VigilError('RULE_FILES', `cannot read rules at ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), false);
    } else if (explicit || RULE_EXTENSIONS.has(extname(path).toLowerCase())) {
      out.push({ text: readFileSync(path, 'utf8'), origin: path });
    }
  };
  for (const p of typeof paths === 'string' ? [paths] : paths) visit(p, true);
  return out;
}
