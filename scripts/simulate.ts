/**
 * npm run simulate -- --out-dir DIR [--workflow-bundle FILE] FILE.json [FILE.json …]
 *
 * Runs each scenario (docs/api.md, "Scenario files") against the real workflow, activities and
 * agency stubs on one time-skipping Temporal test server, writes DIR/<name>.result.json and prints
 * one line per scenario. Each result is checked against what its scenario expects
 * (scenarios/expected/<name>.timeline.json and the file's `expected`; simulator/expected.ts) and a
 * differing scenario is named on stderr. Exit code 0 when every scenario ran and matched its
 * expectations (rejected commands are results), 1 when a scenario file is malformed, a run failed
 * or a result differs from what is expected, 2 on bad usage. `--workflow-bundle` runs workflow code
 * bundled before (as the tests' global setup does) instead of bundling it now.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { compareWithExpected, parseScenario, resultFileName, runScenarios, summaryLine, type Scenario } from '../simulator';

const USAGE = 'usage: npm run simulate -- --out-dir DIR [--workflow-bundle FILE] FILE.json [FILE.json …]';

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

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args ? `${args}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let failed = false;
  const runnable: { file: string; scenario: Scenario }[] = [];
  for (const file of args.files) {
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (err) {
      process.stderr.write(`${file}: malformed scenario: ${(err as Error).message}\n`);
      failed = true;
      continue;
    }
    const parsed = parseScenario(json);
    if (!parsed.ok) {
      process.stderr.write(`${file}: malformed scenario: ${parsed.reason}\n`);
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
        log: (line) => process.stderr.write(`${line}\n`),
        ...(args.workflowBundle ? { workflowBundlePath: args.workflowBundle } : {}),
        onResult: async (result, i) => {
          const out = path.join(args.outDir, resultFileName(runnable[i]!.file));
          if (result.error) {
            failed = true;
            process.stderr.write(`${runnable[i]!.file}: run failed: ${result.error}\n`);
          } else {
            const { error: _error, ...body } = result;
            await fs.writeFile(out, `${JSON.stringify(body, null, 2)}\n`);
            const { differences } = await compareWithExpected(runnable[i]!.file, runnable[i]!.scenario, result);
            if (differences.length) {
              failed = true;
              process.stderr.write(`${runnable[i]!.file}: differs from expected: ${differences.join('; ')}\n`);
            }
          }
          process.stdout.write(`${summaryLine(result)}\n`);
        },
      },
    );
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
