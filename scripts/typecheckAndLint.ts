/**
 * `npm test`'s typecheck and lint in ONE process over ONE TypeScript program: what
 * `tsc --noEmit -p .` and `eslint .` report, with the program built and type-checked once.
 *
 * Why: the typed lint rule (no-floating-promises) asks TypeScript for the type of every call, so
 * `eslint .` alone builds the whole program again (its project service) and computes most of the
 * types `tsc` has just computed. Handed tsc's program (typescript-eslint's `programs` option), the
 * rule finds those types already checked: about 12 s of CPU less per run (test/README.md).
 * The checks are the same: tsc's diagnostics for the tsconfig (config, options, syntax, global and
 * semantic, as `tsc --noEmit`), then every file `eslint .` lints under eslint.config.mjs; only the
 * program the typed rules read types from is given, not built (every linted .ts file is in it).
 * Exit code 1 if either finds something; output as `tsc --pretty false` and eslint's stylish.
 * `npm run typecheck` and `npm run lint` stay the two tools themselves.
 */
import path from 'node:path';
import ts from 'typescript';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..');

function typecheck(): { program: ts.Program; errors: number; output: string } {
  const configFile = path.join(root, 'tsconfig.json');
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const config = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host)!;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = ts.sortAndDeduplicateDiagnostics(ts.getPreEmitDiagnostics(program));
  const output = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
  return { program, errors: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length, output };
}

async function lint(program: ts.Program): Promise<{ errors: number; output: string }> {
  const eslint = new ESLint({
    cwd: root,
    // the typed rules read types from the program above instead of a project service's own
    overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
  });
  const results = await eslint.lintFiles(['.']);
  const formatter = await eslint.loadFormatter('stylish');
  const errors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
  return { errors, output: await formatter.format(results) };
}

async function main(): Promise<void> {
  const checked = typecheck();
  process.stdout.write(checked.output);
  const linted = await lint(checked.program);
  process.stdout.write(linted.output);
  process.exitCode = checked.errors || linted.errors ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
