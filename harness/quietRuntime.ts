/**
 * The Temporal SDK's process-wide runtime with a quiet logger: errors only, unless
 * SJUKFALL_TEMPORAL_LOG (e.g. WARN, INFO, DEBUG) asks for more. The core's own logs (by default
 * written to stdout) go through the same logger. Installed once per process; later calls do nothing.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

let installed = false;

export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  const level = (process.env.SJUKFALL_TEMPORAL_LOG?.toUpperCase() ?? 'ERROR') as LogLevel;
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
    });
  } catch {
    // already installed in this process (by the SDK's default on first use)
  }
}
