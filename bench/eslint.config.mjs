// @ts-check
// The repository's rules, type-checked against this workspace's own tsconfig for the suite and
// against the root's tsconfig.test.json for its tests.
import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', '../tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
];
