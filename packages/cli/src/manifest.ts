import { join } from 'node:path';

/** This package's `package.json` (one level above both `src` and `dist`). */
export const MANIFEST_PATH = join(__dirname, '..', 'package.json');
