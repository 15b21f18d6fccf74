import { join } from 'node:path';
import { checkPeerDependencies } from './check-peer-dependencies';

// Imported first by each entry point of @edict/core, before anything loads class-validator or
// reflect-metadata. `src/peers` and `dist/peers` are both two levels below package.json.
checkPeerDependencies(join(__dirname, '..', '..', 'package.json'), require.resolve);
