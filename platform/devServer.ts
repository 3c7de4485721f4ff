/**
 * How the embedded default runs the Temporal dev server: its state in one SQLite file, the case
 * search attributes registered. One list of arguments for `npm start` (scripts/start.ts) and the
 * harness, so the tests and the bench measure the server users run.
 */
import { searchAttributeRegistrations } from './searchAttributes';

export interface DevServerOptions {
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
}

export const devServerArgs = (o: DevServerOptions): string[] => [
  'server',
  'start-dev',
  '--db-filename',
  o.dbFile,
  // SQLite's default rollback journal makes every write transaction create, sync and delete a
  // journal file, and readers wait for writers: the server started 75 cases/s and its workers got
  // their tasks slowly. A write-ahead log with full sync keeps every committed transaction through a
  // power loss and started 125–145 cases/s (docs/performance.md).
  '--sqlite-pragma',
  'journal_mode=wal',
  '--sqlite-pragma',
  'synchronous=full',
  '--ip',
  '127.0.0.1',
  '--port',
  String(o.port),
  '--ui-port',
  String(o.uiPort),
  '--namespace',
  o.namespace,
  '--log-level',
  'warn',
  '--log-format',
  'json',
  ...searchAttributeRegistrations.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
];
