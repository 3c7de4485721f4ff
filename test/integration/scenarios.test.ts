/**
 * Every scenario under scenarios/ runs through the simulator (real workflow, real activities, agency
 * stubs over HTTP, one time-skipping Temporal test server) and its timeline is compared with
 * scenarios/expected/<file name>.timeline.json; its rejections and final state with the scenario
 * file's own `expected`. The expected timelines were written by checking each timeline against
 * docs/rules.md day by day; `actor` is not compared (who sent a command is the scenario's input).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithExpected, parseScenario, runScenarios, withoutActor, type Scenario, type ScenarioResult } from '../../simulator';
import { PREBUILT_WORKFLOW_BUNDLE } from '../../harness';
import type { TimelineEvent } from '../../domain/vocabulary';

const dir = path.resolve(__dirname, '../../scenarios');
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

const scenarioOf = (name: string): Scenario => scenarios.find((s) => base(s.file) === name)!.scenario;

const results = new Map<string, ScenarioResult>();
/** what the read model held of each case when the run ended */
const readModel = new Map<
  string,
  { summary: { status: string; criterion: string } | undefined; timeline: TimelineEvent[]; openTasks: { task: string; dueDay: number }[] }
>();

beforeAll(async () => {
  const out = await runScenarios(
    scenarios.map((s) => s.scenario),
    {
      workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE,
      async inspect(sys, result) {
        const db = sys.readModel.db;
        const cases = await db
          .selectFrom('cases')
          .select(['case_id', 'status', 'criterion'])
          .where('case_id', '=', result.caseId)
          .execute();
        for (const c of cases) {
          const events = await db.selectFrom('timeline_events').selectAll().where('case_id', '=', c.case_id).orderBy('seq').execute();
          const tasks = await db
            .selectFrom('tasks')
            .select(['task', 'due_day'])
            .where('case_id', '=', c.case_id)
            .orderBy('task_id')
            .execute();
          readModel.set(c.case_id, {
            summary: { status: c.status, criterion: c.criterion },
            timeline: events.map((e) => ({ day: e.day, date: e.date, type: e.type, ...e.attrs }) as TimelineEvent),
            openTasks: tasks.map((t) => ({ task: t.task, dueDay: t.due_day })),
          });
        }
      },
    },
  );
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
      expect(r.caseId).toMatch(/^[0-9a-f]{32}$/);
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

    it('the read model holds what the workflow holds: every timeline event once, the end state, the open tasks', () => {
      const r = results.get(name)!;
      const rm = readModel.get(r.caseId);
      expect(rm, 'the case is in the read model').toBeDefined();
      expect(rm!.timeline).toEqual(r.timeline);
      expect(rm!.summary).toEqual({ status: r.final.status, criterion: r.final.criterion });
      expect(rm!.openTasks).toEqual(r.final.openTasks.map((t) => ({ task: t.task, dueDay: t.dueDay })));
    });

    it('rejects exactly the commands it provokes', () => {
      const rejected = results.get(name)!.rejected.map((r) => ({ day: r.day, command: r.command, code: r.code }));
      expect(rejected).toEqual(scenarioOf(name).expected?.rejected ?? []);
      for (const r of results.get(name)!.rejected) expect(r.message.length).toBeGreaterThan(0);
    });

    it('ends in the expected state', () => {
      const f = results.get(name)!.final;
      const want = scenarioOf(name).expected?.final;
      expect(want, `give ${name}.json an expected.final`).toBeDefined();
      const team = want?.team ? { team: f.team } : {};
      expect({
        status: f.status,
        criterion: f.criterion,
        chainDay: f.chainDay,
        ...(f.closeReason ? { closeReason: f.closeReason } : {}),
        ...team,
      }).toEqual(want);
      expect(Array.isArray(f.openTasks)).toBe(true);
    });

    it("the simulator's own check finds no difference", async () => {
      const check = await compareWithExpected(path.join(dir, `${name}.json`), scenarioOf(name), results.get(name)!);
      expect(check).toEqual({ checked: true, differences: [] });
    });

    it('never shows the personnummer', () => {
      const sc = scenarioOf(name);
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

  it("the simulator's check names what differs: a changed timeline event, a missing rejection, another end", async () => {
    const name = 'consent';
    const result = results.get(name)!;
    const changed: ScenarioResult = {
      ...result,
      timeline: result.timeline.map((e, i) => (i === 3 ? { ...e, day: e.day + 1 } : e)),
      rejected: result.rejected.slice(1),
      final: { ...result.final, criterion: 'own-work' },
    };
    const { differences } = await compareWithExpected(path.join(dir, `${name}.json`), scenarioOf(name), changed);
    expect(differences).toHaveLength(3);
    expect(differences[0]).toMatch(/^timeline event 3: expected/);
    expect(differences[1]).toMatch(/^rejected: expected .*CONSENT_REQUIRED/);
    expect(differences[2]).toMatch(/^final: expected .*normal-work.*own-work/);
  });

  it('stops at the close: no event after case.closed, later commands not sent', () => {
    for (const name of ['benefit-ended', 'return-to-work-full', 'employer-callbacks']) {
      const tl = results.get(name)!.timeline;
      expect(tl.at(-1)!.type).toBe('case.closed');
      expect(tl.filter((e) => e.type === 'case.closed')).toHaveLength(1);
    }
  });
});
