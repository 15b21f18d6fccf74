import './check-peers';
export { Projection } from './projection';
export type { ProjectionOptions } from './projection';
export { typeormProjections } from './typeorm-projections';
export type { TypeormProjectionsOptions } from './typeorm-projections';
export type { CheckpointMode } from './projection-processor';
export { CheckpointTableMissingError } from './errors';
export { sharedPoolDriver } from './shared-pool-driver';
export type { PoolOwner } from './shared-pool-driver';
