import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** From a `<!-- run -->` comment right before the block: executed, not only compiled. */
  readonly run: boolean;
}

export const ROOT = join(__dirname, '..', '..');

/** The Markdown files whose `ts` blocks are user-facing examples: README.md and docs/. */
export function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f));
  return [join(ROOT, 'README.md'), ...docs];
}

/**
 * Every fenced ```ts block. A block preceded by `<!-- fragment -->` is a piece of a larger
 * program (not compiled on its own); `<!-- run -->` marks a complete program that is executed.
 */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    // The marker is the nearest non-blank line above the fence (Prettier puts a blank line between).
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === '') above--;
    const marker = lines[above]?.trim() ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (marker !== '<!-- fragment -->') {
      blocks.push({
        file: relative(ROOT, file),
        line: start + 1,
        code: lines.slice(start, end).join('\n'),
        run: marker === '<!-- run -->',
      });
    }
    i = end;
  }
  return blocks;
}
