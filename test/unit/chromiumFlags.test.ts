/**
 * The browser tests' --disable-features switch comes after playwright-core's and replaces it
 * (Chromium reads the last one), so it must name every feature playwright-core turns off.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../harness/chromiumFlags';

it("the browser tests' --disable-features names every feature playwright-core disables", () => {
  // playwright-core ships its server as one bundle; its list is `disabledFeatures = [ ...names ]`
  const bundle = readFileSync(require.resolve('playwright-core/lib/coreBundle'), 'utf8');
  const list = /disabledFeatures = \[([^\]]*)\]/.exec(bundle)?.[1];
  expect(list, "playwright-core's disabledFeatures list (moved? read chromiumSwitches in its bundle)").toBeDefined();
  const theirs = [...list!.matchAll(/^\s*"(\w+)",?$/gm)].map((m) => m[1]!);
  expect(theirs.length).toBeGreaterThan(5);
  const switches = CHROMIUM_FLAGS.filter((f) => f.startsWith('--disable-features='));
  expect(switches).toHaveLength(1);
  const ours = switches[0]!.slice('--disable-features='.length).split(',');
  expect(theirs.filter((name) => !ours.includes(name))).toEqual([]);
  expect(ours).toContain('WebUIOmniboxPopup');
});
