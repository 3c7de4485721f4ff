/**
 * Determinism: every history recorded from the example scenarios (test/integration/histories/v*, by
 * scripts/record-histories.ts) replays against the current workflow code. The milestone-notices
 * rule change is guarded by patched(), so histories recorded before it (v3) still replay; the same
 * change without the patch is caught.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import ts from 'typescript';
import { dataConverter } from '../../platform/codec';
import { installQuietRuntime, PREBUILT_WORKFLOW_BUNDLE, REPLAY_FIXTURE_KEY } from '../../harness';

installQuietRuntime(); // the replay worker's lifecycle logs and the expected nondeterminism warnings

const dir = path.resolve(__dirname, 'histories');
const recorded = fs
  .readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.history.pb'))
  .sort()
  .map((f) => ({ file: f, history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))) }));

/**
 * Replays run the workflow code in this thread (the SDK's replay worker is in debug mode), and the SDK
 * would install for them a promise hook and an Error.prepareStackTrace of its own for the process,
 * never removed. They serve only the stack-trace queries, which a replay does not ask (the commands it
 * compares are the same without them), yet cost a quarter of the replays' CPU, and left in place they
 * taxed every promise of the files this process runs next (`isolate: false`): about 2 µs each instead
 * of 0.07 (test/README.md). So a replay marks them installed (the SDK's install() then does nothing)
 * and removes whatever is there after it. The unpatched bundles' failures below show replay still
 * compares.
 */
async function replay(bundlePath: string, histories: typeof recorded): Promise<Map<string, Error | undefined>> {
  const results = new Map<string, Error | undefined>();
  globalHandlers.installed = true;
  try {
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: { codePath: bundlePath }, dataConverter: dataConverter([REPLAY_FIXTURE_KEY]) },
      histories.map((h) => ({ workflowId: h.file, history: h.history })),
    )) {
      results.set(r.workflowId, r.error);
    }
  } finally {
    globalHandlers.uninstall();
  }
  return results;
}

/** `v3-round-2/consent.history.pb` → `consent` */
const scenarioName = (file: string): string => path.basename(file).replace(/\.history\.pb$/, '');

/** Scenarios whose expected timeline (with the rule) has a milestone notice: the ones the change alters. */
const hasMilestoneNotice = (file: string): boolean => {
  const expected = fs.readFileSync(path.resolve(__dirname, '../../scenarios/expected', `${scenarioName(file)}.timeline.json`), 'utf8');
  return expected.includes('"about": "next-assessment"');
};

/**
 * Scenarios whose cases round 3 changes: a refusal (the insured is now heard before it is final, so
 * the benefit's end is recorded later, on a timer of its own); an employee's certificate reminder
 * (now the employer's business) or a sick-pay period continued; an earlier period (relapse).
 */
const changedByRound3 = (file: string): boolean => {
  const scenario = fs.readFileSync(path.resolve(__dirname, '../../scenarios', `${scenarioName(file)}.json`), 'utf8');
  return scenario.includes('"not-reduced"') || scenario.includes('"previousPeriods"') || scenarioName(file).startsWith('day8-');
};

const BEFORE = 'v3-round-2/';
const AFTER = 'v4-milestone-notices/';
const ROUND3 = 'v5-domain-round-3/';

const PATCHES_MODULE = '"./workflows/patches.ts"';

/**
 * The prebuilt workflow bundle with test/integration/fixtures/<fixture>.ts in place of
 * workflows/patches.ts, as webpack would have bundled it: the fixture, compiled alone, becomes the
 * body of the patches module where webpack put it, its imports resolved to the modules the real one
 * imports. Bundling the whole workflow again for each variant cost seconds of CPU.
 */
function bundleWith(fixture: string): string {
  const bundle = fs.readFileSync(PREBUILT_WORKFLOW_BUNDLE, 'utf8');
  // webpack 5's module map: `/***\/ "<id>"`, a banner comment, `(<params>) {`, the body, `/***\/ },`
  const key = `/***/ ${PATCHES_MODULE}\n`;
  const at = bundle.indexOf(key);
  expect(at, 'the patches module in the bundle').toBeGreaterThan(0);
  expect(bundle.indexOf(key, at + 1), 'one patches module').toBe(-1);
  const header = '(__unused_webpack_module, __webpack_exports__, __webpack_require__) {\n';
  const headerAt = bundle.indexOf(header, at);
  expect(bundle.slice(at + key.length, headerAt), 'only the banner comment before the parameters').toMatch(/^\/\*![^]*?\*\/\n$/);
  const bodyStart = headerAt + header.length;
  const bodyEnd = bundle.indexOf('\n/***/ },', bodyStart);
  expect(bodyEnd).toBeGreaterThan(bodyStart);
  // the bundle's module id of each package the real module imports: `__webpack_require__(/*! pkg */ "id")`
  const ids = Object.fromEntries(
    [...bundle.slice(bodyStart, bodyEnd).matchAll(/__webpack_require__\(\/\*! (\S+) \*\/ ("[^"]+")\)/g)].map((m) => [
      m[1],
      JSON.parse(m[2]!),
    ]),
  );
  const source = fs.readFileSync(path.resolve(__dirname, `fixtures/${fixture}.ts`), 'utf8');
  const compiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = `"use strict";\nconst require = (id) => __webpack_require__(${JSON.stringify(ids)}[id]);\n${compiled}`;
  const code = `${bundle.slice(0, at)}${key}(module, exports, __webpack_require__) {\n${body}${bundle.slice(bodyEnd)}`;
  const bundlePath = path.resolve(__dirname, `../../out/${fixture}-bundle.js`);
  fs.writeFileSync(bundlePath, code);
  return bundlePath;
}

describe('replay of recorded histories', () => {
  it('has recorded histories from before the milestone-notices patch (v3), after it (v4) and after domain round 3 (v5, one per scenario)', () => {
    const scenarios = fs.readdirSync(path.resolve(__dirname, '../../scenarios')).filter((f) => f.endsWith('.json'));
    // v3 and v4 hold the scenarios of their day (34); v5 was recorded with every scenario of round 3
    expect(recorded.filter((h) => h.file.startsWith(BEFORE))).toHaveLength(34);
    expect(recorded.filter((h) => h.file.startsWith(AFTER))).toHaveLength(34);
    expect(recorded.filter((h) => h.file.startsWith(ROUND3))).toHaveLength(scenarios.length);
  });

  it('the archive at close (patched, v5): closing cases recorded after it write their record; before it (v4), the same cases did not', () => {
    const archives = (h: (typeof recorded)[number]) =>
      (h.history.events ?? []).some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'archiveCase') &&
      (h.history.events ?? []).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    const closing = (h: (typeof recorded)[number]) => (h.history.events ?? []).some((e) => e.workflowExecutionCompletedEventAttributes);
    const v5 = recorded.filter((h) => h.file.startsWith('v5-archive-at-close/') && closing(h));
    expect(v5.length).toBeGreaterThanOrEqual(3);
    for (const h of v5) expect(archives(h), h.file).toBe(true);
    const v4 = recorded.filter((h) => h.file.startsWith(AFTER) && closing(h));
    expect(v4.map((h) => scenarioName(h.file)).sort()).toEqual(v5.map((h) => scenarioName(h.file)).sort());
    for (const h of v4) expect(archives(h), h.file).toBe(false);
  });

  it('every recorded history replays against the current workflow code', async () => {
    const results = await replay(PREBUILT_WORKFLOW_BUNDLE, recorded);
    expect(results.size).toBe(recorded.length);
    const failures = [...results].filter(([, err]) => err).map(([id, err]) => `${id}: ${err!.message}`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('the same rule change without patched() fails replay of the histories it affects', async () => {
    const bundlePath = bundleWith('unpatched-patches');
    const before = recorded.filter((h) => h.file.startsWith(BEFORE));
    const results = await replay(bundlePath, before);
    // A case asleep across a notice day replays anyway: the recorded timer fires on its old day and
    // the notice is then past (skipped). A case awake in between (a command) now sends the notice: a
    // command its history does not have.
    const failed = before.filter((h) => results.get(h.file));
    expect(failed.length).toBeGreaterThanOrEqual(3);
    for (const h of failed) {
      expect(hasMilestoneNotice(h.file), `${h.file} failed but the change does not touch it`).toBe(true);
      expect(results.get(h.file)!.name).toMatch(/DeterminismViolation/);
    }
    // histories the change does not touch still replay
    const untouched = before.filter((h) => !hasMilestoneNotice(h.file));
    expect(untouched.length).toBeGreaterThanOrEqual(5);
    for (const h of untouched) expect(results.get(h.file), `${h.file} should replay`).toBeUndefined();
  }, 180_000);

  it('domain round 3 without patched() fails replay of v4 histories it changes; the others still replay', async () => {
    const bundlePath = bundleWith('unpatched-round3-patches');
    const v4 = recorded.filter((h) => h.file.startsWith(AFTER));
    const results = await replay(bundlePath, v4);
    const failed = v4.filter((h) => results.get(h.file));
    expect(failed.map((h) => scenarioName(h.file))).toEqual(expect.arrayContaining(['benefit-ended', 'one-ending-at-a-time']));
    for (const h of failed) {
      expect(changedByRound3(h.file), `${h.file} failed but round 3 does not change it`).toBe(true);
      expect(results.get(h.file)!.name).toMatch(/DeterminismViolation/);
    }
    const untouched = v4.filter((h) => !changedByRound3(h.file));
    expect(untouched.length).toBeGreaterThanOrEqual(20);
    for (const h of untouched) expect(results.get(h.file), `${h.file} should replay`).toBeUndefined();
  }, 180_000);
});
