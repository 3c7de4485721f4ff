/**
 * Determinism: every history recorded from the example scenarios (test/histories/v*, by
 * scripts/record-histories.ts) replays against the current workflow code. The closing-notice rule
 * change of 2026-11 is guarded by patched(), so histories recorded before it (v1) still replay; the
 * same change without the patch is caught.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import webpack from 'webpack';
import { dataConverter } from '../platform/codec';
import { workflowsPath } from '../worker/createWorker';
import { installQuietRuntime, PREBUILT_WORKFLOW_BUNDLE, REPLAY_FIXTURE_KEY } from '../harness';

installQuietRuntime(); // the replay worker's lifecycle logs and the expected nondeterminism warnings

const dir = path.resolve(__dirname, 'histories');
const recorded = fs
  .readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.history.pb'))
  .sort()
  .map((f) => ({ file: f, history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))) }));

async function replay(bundlePath: string, histories: typeof recorded): Promise<Map<string, Error | undefined>> {
  const results = new Map<string, Error | undefined>();
  for await (const r of Worker.runReplayHistories(
    { workflowBundle: { codePath: bundlePath }, dataConverter: dataConverter([REPLAY_FIXTURE_KEY]) },
    histories.map((h) => ({ workflowId: h.file, history: h.history })),
  )) {
    results.set(r.workflowId, r.error);
  }
  return results;
}

/** Histories in which a caseworker or employer closed the case: the ones the closing notice changes. */
const closedByCommand = (h: temporal.api.history.v1.IHistory): boolean => {
  const events = h.events ?? [];
  const completed = events.some((e) => e.workflowExecutionCompletedEventAttributes);
  const lastUpdate = events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
    .filter(Boolean)
    .pop();
  return completed && (lastUpdate === 'close-case' || lastUpdate === 'report-return-to-work');
};

describe('replay of recorded histories', () => {
  it('has recorded histories from before the 2026-11 patch (v1) and after it', () => {
    expect(recorded.filter((h) => h.file.startsWith('v1/')).length).toBeGreaterThanOrEqual(20);
    expect(recorded.filter((h) => !h.file.startsWith('v1/')).length).toBeGreaterThanOrEqual(20);
  });

  it('every recorded history replays against the current workflow code', async () => {
    const results = await replay(PREBUILT_WORKFLOW_BUNDLE, recorded);
    expect(results.size).toBe(recorded.length);
    const failures = [...results].filter(([, err]) => err).map(([id, err]) => `${id}: ${err!.message}`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('the same rule change without patched() fails replay of the histories it affects', async () => {
    const fixture = path.resolve(__dirname, 'fixtures/unpatched-patches.ts');
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      webpackConfigHook: (config) => ({
        ...config,
        plugins: [...(config.plugins ?? []), new webpack.NormalModuleReplacementPlugin(/[\\/]patches$/, fixture)],
      }),
    });
    const bundlePath = path.resolve(__dirname, '../out/unpatched-bundle.js');
    fs.writeFileSync(bundlePath, code);
    expect(code).toContain('unpatched-patches');
    const before = recorded.filter((h) => h.file.startsWith('v1/'));
    const affected = before.filter((h) => closedByCommand(h.history));
    expect(affected.length).toBeGreaterThanOrEqual(2);
    const results = await replay(bundlePath, before);
    for (const h of affected) {
      const err = results.get(h.file);
      expect(err, `${h.file} should fail replay`).toBeDefined();
      expect(err!.name).toMatch(/DeterminismViolation/);
    }
    // histories the change does not touch still replay
    for (const h of before.filter((x) => !closedByCommand(x.history))) expect(results.get(h.file)).toBeUndefined();
  }, 180_000);
});
