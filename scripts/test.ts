/**
 * `npm test`: the whole check in stages, quietly. Each stage prints one line with its time; a
 * failing stage prints its full output. The tests run with vitest's compact reporter and show
 * console output only for failing tests; its summary ("Tests  N passed") ends the run.
 * SJUKFALL_TEMPORAL_LOG=WARN (or INFO, DEBUG) shows the Temporal SDK's logs as well.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name);

interface Command {
  command: string;
  args: string[];
}

interface Stage {
  name: string;
  /** run at the same time (typecheck and lint are single-threaded) */
  commands: Command[];
  /** stream the output (the tests: progress dots and the summary) instead of keeping it for a failure */
  live?: boolean;
}

const stages: Stage[] = [
  { name: 'Temporal binaries', commands: [{ command: 'bash', args: ['scripts/setup-temporal.sh'] }] },
  {
    name: 'typecheck + lint',
    commands: [
      { command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
      { command: bin('eslint'), args: ['.'] },
    ],
  },
  { name: 'tests (bundle, then vitest)', commands: [{ command: bin('vitest'), args: ['run', '--reporter=dot'] }], live: true },
];

async function runStage(stage: Stage): Promise<{ code: number; output: string }> {
  const results = await Promise.all(stage.commands.map((c) => run(c, stage.live ?? false)));
  return { code: results.find((r) => r.code !== 0)?.code ?? 0, output: results.map((r) => r.output).join('') };
}

function run(c: Command, live: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(c.command, c.args, { cwd: root, stdio: live ? 'inherit' : 'pipe', env: process.env });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  for (const [i, stage] of stages.entries()) {
    const t0 = Date.now();
    const label = `[${i + 1}/${stages.length}] ${stage.name}`;
    process.stdout.write(stage.live ? `${label} …\n` : `${label} … `);
    const { code, output } = await runStage(stage);
    const took = `${Math.round((Date.now() - t0) / 1000)} s`;
    if (code !== 0) {
      process.stdout.write(`${stage.live ? `${label} ` : ''}FAILED (${took})\n${output}`);
      process.exit(code);
    }
    process.stdout.write(`${stage.live ? `${label} ` : ''}ok (${took})\n`);
  }
  process.stdout.write(`all stages passed in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

void main();
