// Import rules, checked by `npm run lint` (dependency-cruiser): no cycle between modules or
// folders, core's folders in layers (a folder imports only folders of lower layers), packages
// in layers, and no workspace reaching into another's files by a relative path (the root's
// own tests under test/ are one unit; the shared helpers are the workspace test/support).

/** Core's folders, lowest first. Folders on one line may not import each other. */
const CORE_LAYERS = [
  ['contracts'],
  ['errors'],
  ['util'],
  ['validation', 'peers'],
  ['policies'],
  ['decorators'],
  ['metadata'],
  ['serialization'],
  ['store'],
  ['telemetry'],
  ['dispatch', 'process-managers'],
  ['subscriptions'],
  ['app'],
  ['testing', 'spi'],
];

/** @edict/postgres's folders, lowest first, in the same form. */
const POSTGRES_LAYERS = [
  ['peers'],
  ['errors'],
  ['schema'],
  ['connection'],
  ['coordination'],
  ['append'],
  ['tables'],
  ['store'],
  ['embedded'],
  ['spi'],
];

const CORE = '^packages/core/src/';

/** The rules that keep one package's folders in their layers. */
function layerRulesOf(pkg, layers) {
  const root = `^packages/${pkg}/src/`;
  const anyOf = (folders) => `${root}(${folders.join('|')})/`;
  return layers.flatMap((layer, i) => {
    const higher = layers.slice(i + 1).flat();
    const rules = [];
    if (higher.length > 0) {
      rules.push({
        name: `${pkg}-layer-${layer.join('-')}`,
        comment: `${layer.join(', ')} may not import the layers above it (${higher.join(', ')})`,
        severity: 'error',
        from: { path: anyOf(layer) },
        to: { path: `${anyOf(higher)}|${root}[^/]+\\.ts$` },
      });
    }
    for (const folder of layer.filter(() => layer.length > 1)) {
      rules.push({
        name: `${pkg}-sibling-${folder}`,
        comment: `${folder} may not import the folders beside it (${layer.filter((f) => f !== folder).join(', ')})`,
        severity: 'error',
        from: { path: anyOf([folder]) },
        to: { path: anyOf(layer.filter((f) => f !== folder)) },
      });
    }
    return rules;
  });
}

const layerRules = [...layerRulesOf('core', CORE_LAYERS), ...layerRulesOf('postgres', POSTGRES_LAYERS)];

// contracts/ holds only types and constants: it depends on nothing at all.
const contractsRule = {
  name: 'core-contracts-depend-on-nothing',
  comment: 'contracts/ imports nothing outside contracts/, not even a package',
  severity: 'error',
  from: { path: `${CORE}contracts/` },
  to: { pathNot: `${CORE}contracts/` },
};

/** Packages, lowest first: a package never imports one above it. */
const PACKAGES = ['packages/core', 'packages/postgres', 'packages/typeorm'];
const packageRules = PACKAGES.map((pkg, i) => ({
  name: `package-layer-${pkg.split('/')[1]}`,
  comment: `${pkg} may not import ${PACKAGES.slice(i + 1).join(', ') || 'examples or bench'}`,
  severity: 'error',
  from: { path: `^${pkg}/src/` },
  to: { path: `^(${[...PACKAGES.slice(i + 1), 'examples', 'bench', 'test'].join('|')})/` },
})).concat(
  {
    name: 'package-layer-nestjs',
    comment:
      'packages/nestjs builds on core alone (a store and plugins come from the application), and no package below imports it',
    severity: 'error',
    from: { path: '^packages/nestjs/src/' },
    to: { path: '^(packages/(postgres|typeorm)|examples|bench|test)/' },
  },
  {
    name: 'nothing-below-imports-nestjs',
    comment: 'core, postgres and typeorm know nothing of NestJS',
    severity: 'error',
    from: { path: '^packages/(core|postgres|typeorm)/src/' },
    to: { path: '^packages/nestjs/' },
  },
  {
    name: 'package-sources-stay-out-of-tests',
    comment: 'source files never import test files',
    severity: 'error',
    from: { path: '^(packages|examples)/[^/]+/src/' },
    to: { path: '/test/' },
  },
);

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'modules may not import each other in a circle at run time (a type-only import is gone by then)',
      severity: 'error',
      from: { path: '^(packages|examples)/[^/]+/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycle',
      comment: 'folders may not import each other in a circle',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(packages|examples)/[^/]+/src' },
      to: { circular: true },
    },
    {
      name: 'no-relative-import-across-packages',
      comment: "a workspace reaches another only by its name (@edict/...), never by '../../other/...'",
      severity: 'error',
      from: { path: '^(packages/[^/]+|examples/[^/]+|bench|test/support|test)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], pathNot: '^$1/' },
    },
    {
      name: 'test-support-by-name',
      comment: 'the shared test helpers are reached as @edict/test-support, never by a relative path',
      severity: 'error',
      from: { pathNot: '^test/support/' },
      to: { path: '^test/support/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    contractsRule,
    ...layerRules,
    ...packageRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/|^test/docs/\\.blocks/|\\.mjs$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'default', 'types'] },
    progress: { type: 'none' },
  },
};
