/**
 * What `npm run simulate` does (scripts/simulate.ts), as a function of its arguments and output
 * streams returning the exit code, so the tests can run it without starting a process per case.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { compareWithExpected, parseScenario, resultFileName, runScenarios, summaryLine, type Scenario } from '../simulator';

const USAGE = 'usage: npm run simulate -- --out-dir DIR [--workflow-bundle FILE] FILE.json [FILE.json …]';

/** Where the command writes: the process's stdout and stderr, or anything else with `write`. */
export interface SimulateOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

function parseArgs(argv: string[]): { outDir: string; files: string[]; workflowBundle?: string } | string {
  let outDir: string | undefined;
  let workflowBundle: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out-dir') {
      outDir = argv[++i];
      if (!outDir) return '--out-dir needs a directory';
    } else if (a.startsWith('--out-dir=')) {
      outDir = a.slice('--out-dir='.length);
    } else if (a === '--workflow-bundle') {
      workflowBundle = argv[++i];
      if (!workflowBundle) return '--workflow-bundle needs a file';
    } else if (a === '--help' || a === '-h') {
      return '';
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else {
      files.push(a);
    }
  }
  if (!outDir) return 'missing --out-dir DIR';
  if (files.length === 0) return 'no scenario files given';
  return { outDir, files, ...(workflowBundle ? { workflowBundle } : {}) };
}

/**
 * Exit code 0 when every scenario ran and matched its expectations (rejected commands are results),
 * 1 when a scenario file is malformed, a run failed or a result differs from what is expected, 2 on
 * bad usage.
 */
export async function simulateCommand(argv: string[], out: SimulateOutput): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    out.stderr.write(`${args ? `${args}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let failed = false;
  const runnable: { file: string; scenario: Scenario }[] = [];
  for (const file of args.files) {
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (err) {
      out.stderr.write(`${file}: malformed scenario: ${(err as Error).message}\n`);
      failed = true;
      continue;
    }
    const parsed = parseScenario(json);
    if (!parsed.ok) {
      out.stderr.write(`${file}: malformed scenario: ${parsed.reason}\n`);
      failed = true;
      continue;
    }
    runnable.push({ file, scenario: parsed.scenario });
  }
  if (runnable.length > 0) {
    await fs.mkdir(args.outDir, { recursive: true });
    await runScenarios(
      runnable.map((r) => r.scenario),
      {
        log: (line) => out.stderr.write(`${line}\n`),
        ...(args.workflowBundle ? { workflowBundlePath: args.workflowBundle } : {}),
        onResult: async (result, i) => {
          const file = runnable[i]!.file;
          if (result.error) {
            failed = true;
            out.stderr.write(`${file}: run failed: ${result.error}\n`);
          } else {
            const { error: _error, ...body } = result;
            await fs.writeFile(path.join(args.outDir, resultFileName(file)), `${JSON.stringify(body, null, 2)}\n`);
            const { differences } = await compareWithExpected(file, runnable[i]!.scenario, result);
            if (differences.length) {
              failed = true;
              out.stderr.write(`${file}: differs from expected: ${differences.join('; ')}\n`);
            }
          }
          out.stdout.write(`${summaryLine(result)}\n`);
        },
      },
    );
  }
  return failed ? 1 : 0;
}
