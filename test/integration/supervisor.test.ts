/**
 * The supervisor of `npm start` and `npm run start:cluster` (platform/supervisor.ts): when it has
 * stopped, nothing it started runs on, also a service's node process under `tsx` that ignored the
 * stop signal (before, the kill reached `tsx` only, and its node process ran on under pid 1).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

/** running (a zombie, killed and not yet reaped by pid 1, is not) */
const alive = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

it('stopAll leaves no process of a service behind, however stubborn', () => {
  const root = path.resolve(__dirname, '../..');
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['test/integration/fixtures/supervised.ts'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const { tree } = JSON.parse(out.split('\n').find((l) => l.startsWith('{"tree"'))!) as { tree: number[] };
  // tsx and the node process under it (and whatever they started)
  expect(tree.length).toBeGreaterThanOrEqual(2);
  expect(tree.filter(alive)).toEqual([]);
}, 90_000);
