/**
 * The dependencies fit the Node the README names: every locked package accepts the lowest Node of
 * package.json's `engines` (so `npm install` prints no EBADENGINE warning there), and the lockfile
 * names package.json's own pins (so `npm ci` accepts it).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };

describe('dependencies', () => {
  const lowestNode = semver.minVersion(pkg.engines.node)!.version;

  it('every locked package accepts the lowest supported Node', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => !semver.satisfies(lowestNode, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('the lockfile installs exactly the pinned versions of package.json', () => {
    const pinned = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const [name, version] of Object.entries(pinned)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });
});
