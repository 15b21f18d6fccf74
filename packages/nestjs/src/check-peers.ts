import { join } from 'node:path';
import { checkPeerDependencies } from '@edict/core/spi';

// Imported first by the entry point: a missing peer dependency (@nestjs/core, rxjs…) is
// reported by name. `src` and `dist` are both one level below package.json.
checkPeerDependencies(join(__dirname, '..', 'package.json'), require.resolve);
