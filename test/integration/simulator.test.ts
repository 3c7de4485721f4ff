/**
 * The simulator's own contract: malformed scenario files are refused with a reason naming the field
 * (never quoting the personnummer), a command's bad input is not a malformation, and the CLI exits
 * non-zero on a malformed file and 0 when every scenario ran. The CLI runs once as a real process
 * (exit code and streams; the two non-zero cases share that run), the rest in this process
 * (scripts/simulateCommand.ts): each process would start tsx and load the SDK and PGlite again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, resultFileName } from '../../simulator';
import { PREBUILT_WORKFLOW_BUNDLE } from '../../harness';
import { simulateCommand } from '../../scripts/simulateCommand';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

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

  // the workflow code the global setup bundled: bundling it again in each run would only cost time
  const bundleArgs = ['--workflow-bundle', PREBUILT_WORKFLOW_BUNDLE];

  /** The CLI as a process: its exit code and its two streams. */
  function simulateProcess(args: string[]): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/simulate.ts', ...bundleArgs, ...args], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The same command in this process (scripts/simulateCommand.ts): no process start, no module loading again. */
  async function simulate(args: string[]): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const code = await simulateCommand([...bundleArgs, ...args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    });
    return { code, stdout, stderr };
  }

  function withRejectedCommand(name: string): LooseScenario {
    const s = valid();
    s.name = name;
    s.events.push({
      day: 22,
      actor: { sub: 'hk-1', role: 'caseworker' },
      command: 'assess-work-capacity',
      input: { criterion: 'normal-work', outcome: 'reduced' },
    });
    return s;
  }

  /**
   * One run of the real process for the two tests that exit non-zero: a malformed file among three
   * that run, one matching its expectations, one whose rejections differ, and the same scenario as the
   * matching one whose expected timeline (expected/<name>.timeline.json) differs.
   */
  const files = {
    bad: path.join(tmp, 'bad.json'),
    matching: path.join(tmp, 'matching.json'),
    differing: path.join(tmp, 'differing.json'),
    timed: path.join(tmp, 'timed.json'),
  };
  const out = path.join(tmp, 'out-1');
  let processRun: Promise<Outcome> | undefined;
  const nonZeroRun = (): Promise<Outcome> => {
    if (processRun) return processRun;
    const bad = valid();
    bad.events[0].command = 'frobnicate';
    write('bad.json', bad);
    const expectedRejection = { rejected: [{ day: 22, command: 'assess-work-capacity', code: 'WRONG_CRITERION' }] };
    write('matching.json', { ...withRejectedCommand('matching'), expected: expectedRejection });
    write('differing.json', {
      ...withRejectedCommand('differing'),
      expected: { rejected: [], final: { status: 'open', criterion: 'own-work', chainDay: 24 } },
    });
    write('timed.json', { ...withRejectedCommand('timed'), expected: expectedRejection });
    fs.mkdirSync(path.join(tmp, 'expected'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'expected', 'timed.timeline.json'), '[]');
    processRun = simulateProcess(['--out-dir', out, files.bad, files.matching, files.differing, files.timed]);
    return processRun;
  };

  it('exits non-zero on a malformed file, naming the file and the field, and still runs the others', async () => {
    const r = await nonZeroRun();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${files.bad}: malformed scenario: events[0].command`);
    expect(fs.existsSync(path.join(out, resultFileName(files.bad)))).toBe(false);
    for (const f of [files.matching, files.differing, files.timed]) expect(fs.existsSync(path.join(out, resultFileName(f)))).toBe(true);
    // one line per scenario that ran, on stdout
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(['matching', 'differing', 'timed']);
    expect(r.stdout + r.stderr).not.toContain('640823');
  }, 120_000);

  it('exits 0 when every scenario ran (rejected commands are results) and writes the result file', async () => {
    const file = write('small.json', withRejectedCommand('small'));
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

  it('refuses bad usage with exit code 2 and the usage line', async () => {
    for (const args of [[], ['--out-dir', tmp], ['--frobnicate', files.bad]]) {
      const r = await simulate(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: npm run simulate');
      expect(r.stdout).toBe('');
    }
  });

  it('checks each result against its expectations and exits non-zero naming the scenario that differs', async () => {
    const r = await nonZeroRun();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${files.differing}: differs from expected: rejected: expected []`);
    expect(r.stderr).not.toContain(`${files.matching}: differs`);
    // an expected timeline next to the scenario (expected/<name>.timeline.json) is compared too: the
    // same scenario as the matching one differs by it alone
    expect(r.stderr).toContain(`${files.timed}: differs from expected: timeline event 0: expected nothing, got`);
  }, 120_000);
});
