/**
 * Every scenario under scenarios/ runs through the simulator (real workflow, real activities, agency
 * stubs over HTTP, one time-skipping Temporal test server) and its timeline is compared with
 * scenarios/expected/<file name>.timeline.json. Those files were written by checking each timeline
 * against DOMAIN.md day by day; `actor` is not compared (who sent a command is the scenario's input).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, runScenarios, type Scenario, type ScenarioResult } from '../simulator';
import type { TimelineEvent } from '../domain/vocabulary';

const dir = path.resolve(__dirname, '../scenarios');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const base = (file: string): string => file.replace(/\.json$/, '');

const scenarios: { file: string; scenario: Scenario }[] = files.map((file) => {
  const parsed = parseScenario(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  if (!parsed.ok) throw new Error(`${file} is malformed: ${parsed.reason}`);
  return { file, scenario: parsed.scenario };
});

/** Rejected commands each scenario provokes on purpose: [day, command, code]. */
const EXPECTED_REJECTIONS: Record<string, [number, string, string][]> = {
  'afu-orders': [[22, 'order-afu', 'AFU_ALREADY_ORDERED']],
  consent: [
    [10, 'schedule-meeting', 'CONSENT_REQUIRED'],
    [25, 'notify-rehab-need', 'CONSENT_REQUIRED'],
  ],
  'day181-four-eyes': [[184, 'review-decision', 'SELF_REVIEW']],
  'employer-callbacks': [
    [31, 'register-plan', 'NOT_A_PARTY'],
    [33, 'register-plan', 'ALREADY_REGISTERED'],
    [35, 'assess-work-capacity', 'FORBIDDEN'],
  ],
  'long-term-review': [[733, 'complete-long-term-review', 'FORBIDDEN']],
  'partial-return': [[50, 'report-return-to-work', 'INVALID_INPUT']],
  'predominant-reasons': [[200, 'assess-work-capacity', 'WRONG_CRITERION']],
  'track-self-employed': [[95, 'register-plan', 'NOT_APPLICABLE']],
  'track-unemployed': [
    [40, 'register-sick-report', 'NOT_APPLICABLE'],
    [45, 'decide-exception', 'NOT_APPLICABLE'],
  ],
  'wrong-criterion': [
    [20, 'assess-work-capacity', 'WRONG_CRITERION'],
    [92, 'assess-work-capacity', 'WRONG_CRITERION'],
    [93, 'assess-work-capacity', 'INVALID_INPUT'],
  ],
};

/** Where each scenario ends: status (and reason), criterion, chain day. */
const EXPECTED_FINAL: Record<string, { status: string; criterion: string; chainDay: number; closeReason?: string }> = {
  'afu-orders': { status: 'open', criterion: 'normal-work', chainDay: 105 },
  'benefit-ended': { status: 'closed', criterion: 'normal-work', chainDay: 208, closeReason: 'benefit-ended' },
  consent: { status: 'open', criterion: 'normal-work', chainDay: 30 },
  'day150-prepare-day-180': { status: 'open', criterion: 'employer-work', chainDay: 160 },
  'day181-four-eyes': { status: 'open', criterion: 'normal-work', chainDay: 190 },
  'day22-sick-report-request': { status: 'open', criterion: 'own-work', chainDay: 28 },
  'day30-plan-escalation': { status: 'open', criterion: 'own-work', chainDay: 70 },
  'day8-certificate-reminder': { status: 'open', criterion: 'own-work', chainDay: 14 },
  'day91-employer-work': { status: 'open', criterion: 'employer-work', chainDay: 100 },
  'employed-400-days': { status: 'open', criterion: 'normal-work-strict', chainDay: 400 },
  'employer-callbacks': { status: 'closed', criterion: 'own-work', chainDay: 50, closeReason: 'returned-to-work' },
  'late-opening-day100': { status: 'open', criterion: 'employer-work', chainDay: 120 },
  'long-term-review': { status: 'open', criterion: 'normal-work', chainDay: 740 },
  'partial-return': { status: 'open', criterion: 'own-work', chainDay: 62 },
  'plan-requested-late': { status: 'open', criterion: 'own-work', chainDay: 75 },
  'predominant-reasons': { status: 'open', criterion: 'normal-work-strict', chainDay: 370 },
  'rehab-need-overdue': { status: 'open', criterion: 'own-work', chainDay: 66 },
  relapse: { status: 'open', criterion: 'employer-work', chainDay: 95 },
  'return-to-work-full': { status: 'closed', criterion: 'own-work', chainDay: 40, closeReason: 'returned-to-work' },
  'track-employed': { status: 'open', criterion: 'employer-work', chainDay: 100 },
  'track-self-employed': { status: 'open', criterion: 'normal-work', chainDay: 190 },
  'track-unemployed': { status: 'open', criterion: 'normal-work', chainDay: 60 },
  unreasonable: { status: 'open', criterion: 'employer-work', chainDay: 370 },
  'wrong-criterion': { status: 'open', criterion: 'employer-work', chainDay: 95 },
};

const withoutActor = (timeline: TimelineEvent[]) => timeline.map(({ actor: _actor, ...rest }) => rest);

const results = new Map<string, ScenarioResult>();

beforeAll(async () => {
  const out = await runScenarios(scenarios.map((s) => s.scenario));
  out.forEach((r, i) => results.set(base(scenarios[i]!.file), r));
}, 300_000);

describe('scenarios', () => {
  it('there is a scenario per track and the 400-day case', () => {
    const tracks = new Set(scenarios.map((s) => s.scenario.case.employment.type));
    expect([...tracks].sort()).toEqual(['employed', 'self-employed', 'unemployed']);
    expect(files).toContain('employed-400-days.json');
  });

  describe.each(files.map(base))('%s', (name) => {
    it('runs without error', () => {
      const r = results.get(name)!;
      expect(r.error).toBeUndefined();
      expect(r.caseId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.historyEvents).toBeGreaterThan(0);
    });

    it('produces the expected timeline', () => {
      const file = path.join(dir, 'expected', `${name}.timeline.json`);
      const actual = withoutActor(results.get(name)!.timeline);
      if (!fs.existsSync(file)) {
        throw new Error(`no ${path.relative(process.cwd(), file)}; the timeline was:\n${JSON.stringify(actual, null, 1)}`);
      }
      const expected = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
      expect(actual).toEqual(expected);
    });

    it('rejects exactly the commands it provokes', () => {
      const rejected = results.get(name)!.rejected.map((r) => [r.day, r.command, r.code]);
      expect(rejected).toEqual(EXPECTED_REJECTIONS[name] ?? []);
      for (const r of results.get(name)!.rejected) expect(r.message.length).toBeGreaterThan(0);
    });

    it('ends in the expected state', () => {
      const f = results.get(name)!.final;
      const want = EXPECTED_FINAL[name];
      expect(want, `add ${name} to EXPECTED_FINAL`).toBeDefined();
      expect({ status: f.status, criterion: f.criterion, chainDay: f.chainDay, ...(f.closeReason ? { closeReason: f.closeReason } : {}) }).toEqual(want);
      expect(Array.isArray(f.openTasks)).toBe(true);
    });

    it('never shows the personnummer', () => {
      const sc = scenarios.find((s) => base(s.file) === name)!.scenario;
      const digits = sc.case.personnummer.replace(/\D/g, '');
      const text = JSON.stringify(results.get(name)!);
      expect(text).not.toContain(sc.case.personnummer);
      expect(text).not.toContain(digits);
      expect(text).not.toContain(digits.slice(-10)); // YYMMDDNNNC
    });
  });

  it('the 400-day employed case meets every milestone in fewer than 600 history events', () => {
    const r = results.get('employed-400-days')!;
    expect(r.historyEvents).toBeLessThan(600);
    expect(r.timeline.filter((e) => e.type === 'task.overdue')).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.final.openTasks).toEqual([]);
  });

  it('stops at the close: no event after case.closed, later commands not sent', () => {
    for (const name of ['benefit-ended', 'return-to-work-full', 'employer-callbacks']) {
      const tl = results.get(name)!.timeline;
      expect(tl.at(-1)!.type).toBe('case.closed');
      expect(tl.filter((e) => e.type === 'case.closed')).toHaveLength(1);
    }
  });
});
