import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { codeBlocks, markdownFiles, ROOT, type CodeBlock } from './code-blocks';

/**
 * The examples in README.md and docs/ are compiled against the real packages (and those marked
 * `<!-- run -->` are executed), so the documentation cannot drift from the code.
 */
const OUT = join(ROOT, 'test', 'docs', '.blocks');
const blocks: CodeBlock[] = markdownFiles().flatMap((file) => codeBlocks(file));
const slug = (file: string) => file.replace(/[^a-zA-Z0-9]+/g, '_');
// A block that names its file goes into a folder per page, beside the page's other files.
const fileOf = (b: CodeBlock, i: number) =>
  b.path ? join(OUT, slug(b.file), b.path) : join(OUT, `${slug(b.file)}_${b.line}_${i}.ts`);

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // Each block is its own module, so blocks may declare the same names.
  // A runnable block ends by calling `main()`; exporting that promise lets the test await it.
  blocks.forEach((b, i) => {
    mkdirSync(dirname(fileOf(b, i)), { recursive: true });
    writeFileSync(
      fileOf(b, i),
      `${b.run ? b.code.replace(/^main\(\)/m, 'export const done = main()') : b.code}\nexport {};\n`,
    );
  });
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('documentation examples', () => {
  it('exist', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it('compile against the packages', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.test.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const files = blocks.map(fileOf);
    const program = ts.createProgram(files, { ...config.options, noEmit: true, noUnusedLocals: false });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => {
        const index = files.indexOf(d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${blocks[index]!.file}:${blocks[index]!.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);

  const runnable = blocks.map((b, i) => [b, i] as const).filter(([b]) => b.run);
  it.each(runnable.map(([b, i]) => [`${b.file}:${b.line}`, i] as const))('%s runs as written', async (_, i) => {
    const logs: unknown[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
    try {
      const module = (await import(fileOf(blocks[i]!, i))) as { done?: Promise<void> };
      await module.done;
    } finally {
      spy.mockRestore();
    }
    expect(logs.length).toBeGreaterThan(0);
  });
});
