/**
 * The determinism lint (eslint.config.mjs, WORKFLOW_BUNDLED) covers every module the workflow
 * bundle holds: the files reachable by import from workflows/index.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { WORKFLOW_BUNDLED } from '../../eslint.config.mjs';

/** Our own files reachable from `entry` by relative import (type-only imports are erased: not followed). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s)?[^;]*?from '(\.{1,2}\/[^']+)'/gm)) {
      if (m[1]) continue;
      const base = path.normalize(path.join(path.dirname(file), m[2]!));
      const found = [`${base}.ts`, `${base}/index.ts`, base].find((f) => existsSync(f) && f.endsWith('.ts'));
      if (found) todo.push(found);
    }
  }
  return seen;
}

const covered = (file: string): boolean =>
  WORKFLOW_BUNDLED.some((p) => (p.endsWith('/**/*.ts') ? file.startsWith(p.slice(0, -'**/*.ts'.length)) : file === p));

it('every module reachable from the workflows is under the determinism lint', () => {
  const files = [...reachable('workflows/index.ts')];
  expect(files.length).toBeGreaterThan(10);
  expect(files.filter((f) => !covered(f))).toEqual([]);
});
