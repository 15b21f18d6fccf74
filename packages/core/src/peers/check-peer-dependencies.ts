import { readFileSync } from 'node:fs';
import { MissingPeerDependencyError, type PeerRequirement } from '../errors/missing-peer-dependency-error';

interface Manifest {
  readonly name?: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

const isNotFound = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'MODULE_NOT_FOUND';

/**
 * Checks that the required (not optional) peer dependencies listed in a package's
 * `package.json` can be loaded, and throws one `MissingPeerDependencyError` naming all that
 * cannot. A package calls it first thing, with its own `require.resolve`, so that the
 * application sees what to install rather than a bare `Cannot find module`. The list comes
 * from the manifest itself: a new peer dependency is checked as soon as it is declared.
 *
 * @example
 * checkPeerDependencies(join(__dirname, '..', '..', 'package.json'), require.resolve);
 */
export function checkPeerDependencies(manifestPath: string, resolve: (id: string) => string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const missing: PeerRequirement[] = [];
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (manifest.peerDependenciesMeta?.[name]?.optional) continue;
    try {
      resolve(name);
    } catch (error) {
      // Any other failure (an ESM-only entry point, say) means the package is there.
      if (isNotFound(error)) missing.push({ name, range });
    }
  }
  if (missing.length > 0) throw new MissingPeerDependencyError(manifest.name ?? manifestPath, missing);
}
