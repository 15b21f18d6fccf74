import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode, isEdictError, MissingPeerDependencyError } from '@edict/core';
import { checkPeerDependencies } from '@edict/core/spi';

describe('checkPeerDependencies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edict-peers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const manifest = (content: object): string => {
    const path = join(dir, `package-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const notFound = (id: string): never => {
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  };

  it('names every missing required peer dependency, its range and the install command', () => {
    const path = manifest({
      name: '@edict/example',
      peerDependencies: { 'reflect-metadata': '^0.2.0', 'absent-one': '^1.0.0', 'absent-two': '>=2 <3' },
    });
    const resolve = (id: string) => (id === 'reflect-metadata' ? '/somewhere/index.js' : notFound(id));
    let thrown: unknown;
    try {
      checkPeerDependencies(path, resolve);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MissingPeerDependencyError);
    expect(isEdictError(thrown)).toBe(true);
    expect(hasErrorCode(thrown, 'MISSING_PEER_DEPENDENCY')).toBe(true);
    expect(thrown).toMatchObject({
      requiredBy: '@edict/example',
      missing: [
        { name: 'absent-one', range: '^1.0.0' },
        { name: 'absent-two', range: '>=2 <3' },
      ],
      install: 'npm install absent-one absent-two',
    });
    expect((thrown as Error).message).toContain('npm install absent-one absent-two');
  });

  it('passes when every required peer resolves, and never asks for an optional one', () => {
    const path = manifest({
      name: '@edict/example',
      peerDependencies: { present: '^1.0.0', optional: '^1.0.0' },
      peerDependenciesMeta: { optional: { optional: true } },
    });
    expect(() => checkPeerDependencies(path, (id) => (id === 'present' ? '/x.js' : notFound(id)))).not.toThrow();
  });

  it('takes a package that is installed but cannot be required (ESM only) as present', () => {
    const path = manifest({ name: '@edict/example', peerDependencies: { esm: '^1.0.0' } });
    const resolve = (): never => {
      throw Object.assign(new Error('No "exports" main defined'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    };
    expect(() => checkPeerDependencies(path, resolve)).not.toThrow();
  });

  it('checks the real resolution: a package that is not installed is reported', () => {
    const path = manifest({ name: '@edict/example', peerDependencies: { 'edict-no-such-package': '^1.0.0' } });
    expect(() => checkPeerDependencies(path, require.resolve)).toThrow(MissingPeerDependencyError);
    const installed = manifest({ name: '@edict/example', peerDependencies: { 'class-validator': '*' } });
    expect(() => checkPeerDependencies(installed, require.resolve)).not.toThrow();
  });
});
