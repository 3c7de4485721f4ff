/**
 * `npm test`: the whole check in stages, quietly. Each stage prints one line with its time; a
 * failing stage prints its full output. Typecheck, lint and format start first and run beside the
 * binaries' install and the tests, at the lowest CPU priority (`nice`): the tests are bound by CPU,
 * and the checks fill the moments when the test files wait.
 * The tests run with vitest's compact reporter and show console output only for failing tests;
 * vitest's summary ("Tests  N passed") comes last but for the stage lines.
 * SJUKFALL_TEMPORAL_LOG=WARN (or INFO, DEBUG) shows the Temporal SDK's logs as well.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name);

interface Result {
  code: number;
  output: string;
  /** when it ended */
  at: number;
}

/** Run a command; its output is kept for a failure, or streamed when `live`. */
function run(command: string, args: string[], live = false): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: live ? 'inherit' : 'pipe', env: process.env });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}\n`, at: Date.now() }));
    child.on('close', (code) => resolve({ code: code ?? 1, output, at: Date.now() }));
  });
}

const STAGES = 3;
const label = (n: number, name: string): string => `[${n}/${STAGES}] ${name}`;
const seconds = (from: number, to = Date.now()): string => `${Math.round((to - from) / 1000)} s`;

function report(name: string, t0: number, r: Result): void {
  if (r.code === 0) {
    process.stdout.write(`${name} ok (${seconds(t0, r.at)})\n`);
    return;
  }
  process.stdout.write(`${name} FAILED (${seconds(t0, r.at)})\n${r.output}`);
  process.exit(r.code);
}

async function main(): Promise<void> {
  const started = Date.now();

  // typecheck, lint and format need no binaries: they start first, and run beside the rest
  const checks = label(1, 'typecheck + lint + format');
  const checksStarted = Date.now();
  process.stdout.write(`${checks} … running beside the tests\n`);
  // tsc and eslint share one TypeScript program (scripts/typecheckAndLint.ts: `tsc --noEmit` and `eslint .` in one)
  // at the lowest priority: they take whatever CPU the tests leave (their setup's first seconds, files
  // that wait on timers, processes or tokens, the last files), and never hold up a test
  const checking = Promise.all([
    run('nice', ['-n', '19', bin('tsx'), path.join('scripts', 'typecheckAndLint.ts')]),
    run('nice', ['-n', '19', bin('prettier'), '--check', '.']),
  ]).then(([typesAndLint, prettier]) => ({
    code: typesAndLint.code || prettier.code,
    output: typesAndLint.output + prettier.output,
    at: Math.max(typesAndLint.at, prettier.at),
  }));

  // the first install (Debian's Chromium) can take minutes: say what is going on before it starts; the
  // Temporal binaries are installed by vitest's global setup, beside the workflow bundle's build
  const browser = label(2, 'browser');
  process.stdout.write(`${browser} …\n`);
  report(browser, started, await run('bash', ['scripts/setup-browser.sh']));

  const tests = label(3, 'tests (Temporal binaries and workflow bundle, then vitest)');
  const testsStarted = Date.now();
  process.stdout.write(`${tests} …\n`);
  const tested = await run(bin('vitest'), ['run', '--reporter=dot'], true);
  const checked = await checking;
  // typecheck and lint first: a type error often explains a failing test
  report(checks, checksStarted, checked);
  report(tests, testsStarted, tested);
  process.stdout.write(`all stages passed in ${seconds(started)}\n`);
}

void main();
