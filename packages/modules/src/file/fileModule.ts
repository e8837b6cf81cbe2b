import { defineModule } from '@vigil/agent-sdk';
import { RunBudget } from '../internal/RunBudget';
import { compileSearch } from './compileSearch';
import type { CompiledSearch } from './compileSearch';
import { fileFlags, fileParamsFromFlags } from './fileFlags';
import type { FileElements, FileStatistics } from './FileMatch';
import { fileParamsSchema } from './FileParams';
import type { FileParams } from './FileParams';
import { renderFile } from './renderFile';
import { searchFiles } from './searchFiles';

const EMPTY_STATS: FileStatistics = { filescount: 0, dirscount: 0, openfailed: 0, totalhits: 0, bytesread: 0, exectimeMs: 0 };

/**
 * The file module: finds files by name, content, size, mode, mtime and hashes (MIG's `file`), returning
 * metadata about matches, never their content. Directory symlinks are never followed.
 */
export const fileModule = defineModule<FileParams, FileElements, FileStatistics>({
  name: 'file',
  description: 'Find files by name, content, size, mode, mtime or hash; returns metadata, never content.',
  params: fileParamsSchema,
  flags: fileFlags,
  paramsFromFlags: fileParamsFromFlags,
  async run(params, context) {
    const now = Date.now();
    const compiled: CompiledSearch[] = [];
    const errors: string[] = [];
    for (const [label, search] of Object.entries(params.searches ?? {})) {
      const result = compileSearch(label, search, now);
      if (result.ok) compiled.push(result.search);
      else errors.push(...result.reasons);
    }
    if (compiled.length === 0 && errors.length === 0) errors.push('no search given: params.searches is empty');
    if (errors.length > 0) {
      return { foundanything: false, success: false, elements: {}, statistics: { ...EMPTY_STATS }, errors };
    }
    return searchFiles(compiled, new RunBudget(context));
  },
  render: renderFile,
});
