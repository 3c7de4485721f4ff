/**
 * The worker processes of one running system: `pgrep -f worker/main.ts`, narrowed to the processes
 * whose environment points at the same Temporal server and data directory as `config` (other
 * Sjukfall systems may run on this machine: tests, a second checkout).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../platform/config';

export function workerPidsOf(config: Config): number[] {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-f', 'worker/main.ts'], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return pids
    .filter((p) => p !== process.pid)
    .filter((pid) => {
      try {
        const env = Object.fromEntries(
          fs
            .readFileSync(`/proc/${pid}/environ`, 'utf8')
            .split('\0')
            .filter(Boolean)
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        );
        const theirs = loadConfig(env);
        return theirs.temporalAddress === config.temporalAddress && path.resolve(theirs.DATA_DIR) === config.DATA_DIR;
      } catch {
        return false;
      }
    });
}
