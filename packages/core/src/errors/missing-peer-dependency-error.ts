import { EdictError } from './edict-error';

/** A package that an Edict package expects the application to install, with the versions it accepts. */
export interface PeerRequirement {
  readonly name: string;
  readonly range: string;
}

/**
 * A package loaded by an Edict package from the application's own dependencies (a peer
 * dependency, so that the application and Edict share one copy) is not installed. npm 7 and
 * later install peer dependencies by themselves; this happens with `--legacy-peer-deps`, with
 * package managers that do not, and for optional peers such as `@electric-sql/pglite`.
 *
 * @example
 * // Error: @edict/core needs class-validator (^0.14.0 || ^0.15.1), which is not installed.
 * // Install it in your application: npm install class-validator
 */
export class MissingPeerDependencyError extends EdictError {
  readonly code = 'MISSING_PEER_DEPENDENCY';
  /** The install command that fixes it. */
  readonly install: string;
  constructor(
    readonly requiredBy: string,
    readonly missing: readonly PeerRequirement[],
    options?: { cause?: unknown },
  ) {
    const install = `npm install ${missing.map((p) => p.name).join(' ')}`;
    const list = missing.map((p) => `${p.name} (${p.range})`).join(' and ');
    super(
      `${requiredBy} needs ${list}, which ${missing.length === 1 ? 'is' : 'are'} not installed. ` +
        `Install ${missing.length === 1 ? 'it' : 'them'} in your application: ${install}`,
      options,
    );
    this.install = install;
  }
}
