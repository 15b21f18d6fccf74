// @ts-check
// The repository's rules, type-checked against this workspace's own tsconfig (the root's
// tsconfig.test.json covers packages, examples and tests, not the benchmarks).
import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
];
