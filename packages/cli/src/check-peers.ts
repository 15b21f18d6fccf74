import { checkPeerDependencies } from '@edict/core/spi';
import { MANIFEST_PATH } from './manifest';

// Imported first by the entry point: a missing peer dependency is reported by name.
checkPeerDependencies(MANIFEST_PATH, require.resolve);
