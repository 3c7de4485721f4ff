/**
 * Imports point down the layers of docs/architecture.md: no non-test file imports a folder of a
 * higher layer, nor a sibling of its own layer (but for the workflow's `import type` of its
 * activities' signatures, and the entry points' use of each other).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const LAYER: Record<string, number> = {
  domain: 0,
  platform: 1,
  contract: 1,
  readModel: 2,
  activities: 3,
  workflows: 3.5,
  worker: 4,
  api: 4,
  web: 4,
  stubs: 4,
  server: 5,
  harness: 6,
  scripts: 7,
  simulator: 7,
};
const TYPE_ONLY_SIDEWAYS = new Set(['workflows→activities']);

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

it('no import runs back up or sideways', () => {
  const wrong: string[] = [];
  for (const folder of Object.keys(LAYER)) {
    for (const file of files(folder)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s+(type\s)?[^;]*?from '(\.{1,2}\/[^']+)'/gm)) {
        const target = path.normalize(path.join(path.dirname(file), m[2]!)).split(path.sep)[0]!;
        if (!(target in LAYER) || target === folder) continue;
        const up = LAYER[target]! > LAYER[folder]!;
        const sideways = LAYER[target] === LAYER[folder] && !(LAYER[folder] === 7);
        if ((up || sideways) && !(m[1] && TYPE_ONLY_SIDEWAYS.has(`${folder}→${target}`))) wrong.push(`${file} → ${m[2]}`);
      }
    }
  }
  expect(wrong).toEqual([]);
});

it('no file circle: no file reaches itself through its imports, type-only ones included', () => {
  const resolve = (from: string, spec: string): string => {
    const p = path.normalize(path.join(path.dirname(from), spec));
    return p.endsWith('.ts') ? p : `${p}.ts`;
  };
  const imports = new Map<string, string[]>();
  for (const folder of Object.keys(LAYER))
    for (const file of files(folder))
      imports.set(
        file,
        [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?:type\s)?[^;]*?from '(\.{1,2}\/[^']+)'/gm)].map((m) =>
          resolve(file, m[1]!),
        ),
      );
  // depth-first search; a file met again while still on the path closes a circle
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of imports.get(file) ?? []) if (imports.has(next)) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of imports.keys()) visit(file, []);
  expect(circles).toEqual([]);
});
