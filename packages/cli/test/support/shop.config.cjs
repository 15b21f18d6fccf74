// The shop's --config file for the command line's tests: the TypeScript classes, loaded
// through ts-node (as a user's config may be), exporting the application's options.
require('ts-node').register({
  transpileOnly: true,
  skipProject: true,
  compilerOptions: {
    target: 'es2022',
    module: 'commonjs',
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    ignoreDeprecations: '6.0', // ts-node's own defaults are TypeScript 5's
  },
});
require('reflect-metadata');
const { SHOP } = require('./shop.ts');
const { shippingApp } = require('./shipping.ts');
// Smaller batches show a rebuild's progress more often (the tests watch the bar move). With
// SHOP_PARTITIONS, the application is the release whose shipping handler declares that count.
const partitions = process.env.SHOP_PARTITIONS;
module.exports = () => ({
  ...(partitions ? shippingApp(Number(partitions)) : SHOP),
  subscriptions: { batchSize: Number(process.env.SHOP_BATCH ?? '1000') },
});
