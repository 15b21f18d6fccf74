import { join } from 'node:path';
import { codeBlocks, ROOT } from '../../docs/code-blocks';

/** The guide whose project the scratch apps build, file by file. */
export const GUIDE = join(ROOT, 'docs', 'guides', 'using-edict.md');

/**
 * The files of the guide's project: each block marked `<!-- file: path -->`, as written, with
 * the given compiler options laid over its tsconfig.json (an ES-module app changes `module`).
 */
export function guideFiles(compilerOptions: Readonly<Record<string, unknown>> = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of codeBlocks(GUIDE, ['ts', 'json'])) {
    if (block.path) files.set(block.path, `${block.code}\n`);
  }
  const tsconfig = files.get('tsconfig.json');
  if (!tsconfig || !files.has('src/main.ts')) {
    throw new Error(`${GUIDE} no longer holds the project's tsconfig.json and src/main.ts as file blocks`);
  }
  const parsed = JSON.parse(tsconfig) as { compilerOptions: Record<string, unknown> };
  parsed.compilerOptions = { ...parsed.compilerOptions, ...compilerOptions };
  files.set('tsconfig.json', `${JSON.stringify(parsed, null, 2)}\n`);
  return files;
}
