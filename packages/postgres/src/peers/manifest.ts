import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This package's `package.json` (two levels above both `src` and `dist`). */
export const MANIFEST_PATH = join(__dirname, '..', '..', 'package.json');

/** The versions of a peer dependency this package accepts, as its `package.json` states them. */
export function peerRange(name: string): string {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return manifest.peerDependencies?.[name] ?? '*';
}
