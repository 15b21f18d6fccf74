import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CodeBlock {
  readonly file: string;
  readonly line: number;
  /** The fence's language: `ts`, `json`… */
  readonly lang: string;
  readonly code: string;
  /** From a `<!-- run -->` comment right before the block: executed, not only compiled. */
  readonly run: boolean;
  /**
   * From a `<!-- file: src/main.ts -->` comment right before the block: the block is that file
   * of a project the page builds step by step, and may import the page's other files.
   */
  readonly path?: string;
}

export const ROOT = join(__dirname, '..', '..');

/** The Markdown files whose `ts` blocks are user-facing examples: READMEs and docs/. */
export function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f));
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => join(ROOT, 'packages', p, 'README.md'))
    .filter((f) => existsSync(f));
  return [join(ROOT, 'README.md'), ...packages, ...docs];
}

const FENCE = /^```([a-z]+)\s*$/;
const FILE = /^<!-- file: (\S+) -->$/;

/**
 * Every fenced block of the given languages (default `ts`). A block preceded by
 * `<!-- fragment -->` is a piece of a larger program (not compiled on its own); `<!-- run -->`
 * marks a complete program that is executed; `<!-- file: path -->` names the file it is.
 */
export function codeBlocks(file: string, langs: readonly string[] = ['ts']): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!);
    if (!fence) continue;
    // The marker is the nearest non-blank line above the fence (Prettier puts a blank line between).
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === '') above--;
    const marker = lines[above]?.trim() ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    const lang = fence[1]!;
    if (langs.includes(lang) && marker !== '<!-- fragment -->') {
      const path = FILE.exec(marker)?.[1];
      blocks.push({
        file: relative(ROOT, file),
        line: start + 1,
        lang,
        code: lines.slice(start, end).join('\n'),
        run: marker === '<!-- run -->',
        ...(path ? { path } : {}),
      });
    }
    i = end;
  }
  return blocks;
}
