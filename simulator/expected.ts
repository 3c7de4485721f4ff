/**
 * The simulator checks a result against what its scenario expects, so a run says by itself which
 * scenario differs: the timeline in `expected/<file name>.timeline.json` next to the scenario file
 * (who sent a command, `actor`, is not compared: it is the scenario's input), and the scenario file's
 * own `expected.rejected` and `expected.final`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { TimelineEvent } from '../domain/vocabulary';
import type { ScenarioResult } from './run';
import type { Scenario } from './scenario';

/** `scenarios/foo.json` → `scenarios/expected/foo.timeline.json` */
export const expectedTimelineFile = (scenarioFile: string): string =>
  path.join(path.dirname(scenarioFile), 'expected', `${path.basename(scenarioFile).replace(/\.json$/i, '')}.timeline.json`);

export const withoutActor = (timeline: readonly TimelineEvent[]): Omit<TimelineEvent, 'actor'>[] =>
  timeline.map(({ actor: _actor, ...rest }) => rest);

const show = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x));

/** The first difference between two timelines, in words, or undefined when they are equal. */
function timelineDifference(actual: readonly unknown[], expected: readonly unknown[]): string | undefined {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (!isDeepStrictEqual(actual[i], expected[i])) return `timeline event ${i}: expected ${show(expected[i])}, got ${show(actual[i])}`;
  }
  return undefined;
}

/**
 * How a result differs from its scenario's expectations (empty when it matches). Without an expected
 * timeline file and without `expected` in the scenario there is nothing to check: `checked` is false.
 */
export async function compareWithExpected(
  scenarioFile: string,
  scenario: Scenario,
  result: ScenarioResult,
): Promise<{ checked: boolean; differences: string[] }> {
  const differences: string[] = [];
  let expectedTimeline: unknown[] | undefined;
  try {
    expectedTimeline = JSON.parse(await fs.readFile(expectedTimelineFile(scenarioFile), 'utf8')) as unknown[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (expectedTimeline === undefined && scenario.expected === undefined) return { checked: false, differences };
  if (expectedTimeline !== undefined) {
    const d = timelineDifference(withoutActor(result.timeline), expectedTimeline);
    if (d) differences.push(d);
  }
  const rejected = result.rejected.map((r) => ({ day: r.day, command: r.command, code: r.code }));
  const wantRejected = scenario.expected?.rejected ?? [];
  if (!isDeepStrictEqual(rejected, wantRejected)) differences.push(`rejected: expected ${show(wantRejected)}, got ${show(rejected)}`);
  const want = scenario.expected?.final;
  if (want) {
    const f = result.final;
    const got = {
      status: f.status,
      criterion: f.criterion,
      chainDay: f.chainDay,
      ...(f.closeReason ? { closeReason: f.closeReason } : {}),
      ...(want.team ? { team: f.team } : {}),
    };
    if (!isDeepStrictEqual(got, want)) differences.push(`final: expected ${show(want)}, got ${show(got)}`);
  }
  return { checked: true, differences };
}
