/**
 * The simulator's own contract: malformed scenario files are refused with a reason naming the field
 * (never quoting the personnummer), a command's bad input is not a malformation, and the CLI exits
 * non-zero on a malformed file and 0 when every scenario ran.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, resultFileName } from '../../simulator';
import { PREBUILT_WORKFLOW_BUNDLE } from '../../harness';

const PNR = '19640823-3234';
const root = path.resolve(__dirname, '../..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a scenario is mutated freely to make it invalid
type LooseScenario = Record<string, any>;

function valid(): LooseScenario {
  return {
    name: 'small',
    case: {
      personnummer: PNR,
      employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
      firstSickDay: '2026-01-05',
      expectedDurationDays: 30,
      openedOnDay: 16,
    },
    events: [
      { day: 18, actor: { sub: 'emp-1', role: 'employer', org: '556036-0793' }, command: 'register-sick-report', input: {} },
      {
        day: 20,
        actor: { sub: 'hk-1', role: 'caseworker' },
        command: 'assess-work-capacity',
        input: { criterion: 'own-work', outcome: 'reduced' },
      },
    ],
    untilDay: 24,
  };
}

function reasonFor(mutate: (s: LooseScenario) => void): string {
  const s = valid();
  mutate(s);
  const r = parseScenario(s);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  expect(r.reason).not.toContain('640823');
  return r.reason;
}

describe('parseScenario', () => {
  it('accepts a valid scenario and derives the opening day and the chain clock', () => {
    const r = parseScenario(valid());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.openedOnDay).toBe(16);
    expect(r.scenario.priorDays).toBe(0);

    const s = valid();
    delete s.case.openedOnDay;
    s.case.previousPeriods = [{ from: '2025-10-01', to: '2025-10-30' }]; // 66 days before: relapse
    s.events = [{ day: 35, actor: { sub: 'hk-1', role: 'caseworker' }, command: 'reassign' }];
    s.untilDay = 40;
    const relapse = parseScenario(s);
    expect(relapse.ok && relapse.scenario.priorDays).toBe(30);
    expect(relapse.ok && relapse.scenario.openedOnDay).toBe(31);
    expect(relapse.ok && relapse.scenario.events[0]!.input).toEqual({});
  });

  it('does not treat a bad command input as a malformed scenario', () => {
    const s = valid();
    s.events[1].input = { criterion: 'any-work', outcome: 'maybe' };
    expect(parseScenario(s).ok).toBe(true);
  });

  it('rejects an unknown command, naming the event', () => {
    expect(reasonFor((s) => (s.events[1].command = 'approve-everything'))).toMatch(
      /^events\[1\]\.command: unknown command "approve-everything"/,
    );
  });

  it('rejects a personnummer with a wrong check digit', () => {
    expect(reasonFor((s) => (s.case.personnummer = '19640823-3235'))).toBe('case.personnummer: check digit does not match');
  });

  it('checks the personnummer as of the opening day (a birth date after it is refused)', () => {
    expect(reasonFor((s) => (s.case.personnummer = '20991231-0001'))).toBe('case.personnummer: birth date is after the reference date');
  });

  it('requires the employer for the employed, and only for them', () => {
    expect(reasonFor((s) => delete s.case.employment.employer)).toMatch(/^case\.employment\.employer: required/);
    expect(reasonFor((s) => (s.case.employment.type = 'unemployed'))).toMatch(/^case\.employment\.employer: not allowed/);
    expect(reasonFor((s) => (s.case.employment.employer.orgNr = '556036-0794'))).toBe(
      'case.employment.employer.orgNr: check digit does not match',
    );
  });

  it('rejects events out of day order', () => {
    expect(reasonFor((s) => s.events.reverse())).toMatch(/^events\[1\]\.day: events must be in day order/);
  });

  it('rejects events before the opening day or after untilDay', () => {
    expect(reasonFor((s) => (s.events[0].day = 15))).toMatch(/^events\[0\]\.day: day 15 is before openedOnDay \(16\)/);
    expect(reasonFor((s) => (s.events[1].day = 25))).toMatch(/^events\[1\]\.day: day 25 is after untilDay \(24\)/);
  });

  it('names other malformed fields', () => {
    expect(reasonFor((s) => (s.case.firstSickDay = '2026-02-30'))).toMatch(/^case\.firstSickDay: /);
    expect(reasonFor((s) => (s.case.employment.type = 'retired'))).toMatch(/^case\.employment\.type: /);
    expect(reasonFor((s) => (s.events[0].actor.role = 'king'))).toMatch(/^events\[0\]\.actor\.role: /);
    expect(reasonFor((s) => (s.untilDay = 10))).toMatch(/untilDay/);
    expect(reasonFor((s) => (s.case.openedOnDay = 'soon'))).toMatch(/^case\.openedOnDay: /);
    expect(reasonFor((s) => (s.case.opendOnDay = 3))).toMatch(/opendOnDay/);
    expect(reasonFor((s) => delete s.untilDay)).toMatch(/^untilDay: /);
  });
});

describe('scripts/simulate.ts', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'simulate-test-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, scenario: unknown): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(scenario));
    return file;
  }

  function simulate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      // the workflow code the global setup bundled: bundling it again in each run would only cost time
      const child = spawn(
        path.join(root, 'node_modules/.bin/tsx'),
        ['scripts/simulate.ts', '--workflow-bundle', PREBUILT_WORKFLOW_BUNDLE, ...args],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('exits non-zero on a malformed file, naming the file and the field, and still runs the others', async () => {
    const bad = valid();
    bad.events[0].command = 'frobnicate';
    const badFile = write('bad.json', bad);
    const goodFile = write('good-too.json', valid());
    const out = path.join(tmp, 'out-1');
    const r = await simulate(['--out-dir', out, badFile, goodFile]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(badFile);
    expect(r.stderr).toContain('events[0].command');
    expect(fs.existsSync(path.join(out, 'bad.result.json'))).toBe(false);
    expect(fs.existsSync(path.join(out, resultFileName(goodFile)))).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('640823');
  }, 120_000);

  it('exits 0 when every scenario ran (rejected commands are results) and writes the result file', async () => {
    const s = valid();
    s.events.push({
      day: 22,
      actor: { sub: 'hk-1', role: 'caseworker' },
      command: 'assess-work-capacity',
      input: { criterion: 'normal-work', outcome: 'reduced' },
    });
    const file = write('small.json', s);
    const out = path.join(tmp, 'out-2');
    const r = await simulate(['--out-dir', out, file]);
    expect(r.stderr).not.toContain('malformed');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^small: open, criterion own-work, chain day 24, \d+ timeline events, 1 rejected, \d+ history events$/);
    const result = JSON.parse(fs.readFileSync(path.join(out, 'small.result.json'), 'utf8'));
    expect(Object.keys(result)).toEqual(['name', 'caseId', 'timeline', 'rejected', 'final', 'historyEvents']);
    expect(result.name).toBe('small');
    expect(result.caseId).toMatch(/^[0-9a-f]{32}$/); // the API's form of case ID
    expect(result.rejected).toEqual([
      expect.objectContaining({ day: 22, command: 'assess-work-capacity', code: 'WRONG_CRITERION', message: expect.any(String) }),
    ]);
    expect(result.final).toMatchObject({ status: 'open', criterion: 'own-work', chainDay: 24 });
    expect(result.final.openTasks).toEqual([expect.objectContaining({ task: 'assess-rehab-need', dueDay: 60 })]);
    expect(result.timeline.map((e: { day: number; type: string }) => `${e.day} ${e.type}`)).toEqual([
      '16 case.opened',
      '16 phase.changed',
      '16 task.opened',
      '16 task.opened',
      '18 command.recorded',
      '20 task.completed',
    ]);
    expect(JSON.stringify(result) + r.stdout + r.stderr).not.toContain('640823');
  }, 120_000);

  it('checks each result against its expectations and exits non-zero naming the scenario that differs', async () => {
    const s = valid();
    s.events.push({
      day: 22,
      actor: { sub: 'hk-1', role: 'caseworker' },
      command: 'assess-work-capacity',
      input: { criterion: 'normal-work', outcome: 'reduced' },
    });
    const matching = write('matching.json', {
      ...s,
      expected: { rejected: [{ day: 22, command: 'assess-work-capacity', code: 'WRONG_CRITERION' }] },
    });
    const differing = write('differing.json', {
      ...s,
      expected: { rejected: [], final: { status: 'open', criterion: 'own-work', chainDay: 24 } },
    });
    const r = await simulate(['--out-dir', path.join(tmp, 'out-3'), matching, differing]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${differing}: differs from expected: rejected: expected []`);
    expect(r.stderr).not.toContain(`${matching}: differs`);
    // an expected timeline next to the scenario (expected/<name>.timeline.json) is compared too
    fs.mkdirSync(path.join(tmp, 'expected'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'expected', 'matching.timeline.json'), '[]');
    const again = await simulate(['--out-dir', path.join(tmp, 'out-4'), matching]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`${matching}: differs from expected: timeline event 0: expected nothing, got`);
  }, 120_000);
});
