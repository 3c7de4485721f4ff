/**
 * Every test file sits in one of the folders test/README.md describes: a file elsewhere would be in
 * no vitest project (vitest.config.mts) and would silently never run.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';

const FOLDERS = ['unit', 'integration', 'browser', 'cluster'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(`${dir}/${e.name}`) : e.name.endsWith('.test.ts') ? [`${dir}/${e.name}`] : [],
  );
}

it('every test file is in test/unit, test/integration, test/browser or test/cluster', () => {
  const files = testFiles('test');
  expect(files.length).toBeGreaterThan(40);
  expect(files.filter((f) => !FOLDERS.some((folder) => f.startsWith(`test/${folder}/`)))).toEqual([]);
});
