/**
 * The test systems' read models, kept per process: a test system whose stop went cleanly gives its
 * in-memory database back, emptied to the state its migrations left (readModel/reset.ts), and the
 * next test system of the process (vitest runs integration files one after another in a process)
 * serves it on a new port instead of loading the template again (about 1 s of CPU: the 40 MB tar
 * through a Blob, then PostgreSQL's start in WebAssembly). Test systems running at the same time each
 * have their own. An idle database holds no handle (the process can exit) and at most
 * MAX_IDLE are kept (each some tens of MB).
 */
import type { PGlite } from '@electric-sql/pglite';
import { openEmbeddedDatabase, serveEmbeddedDatabase } from '../readModel/embedded';
import { resetEmbeddedDatabase } from '../readModel/reset';

const MAX_IDLE = 2;
/** idle databases by the template they were loaded from ('' for none: a fresh initdb) */
const idle = new Map<string, PGlite[]>();
/** how many test systems a database has served */
const uses = new WeakMap<PGlite, number>();

export interface PooledReadModel {
  url: string;
  /** How many test systems served this database before (0: a new one). */
  reused: number;
  /** Stops serving it; with `reuse` (its system stopped cleanly) it is emptied and kept, else closed. */
  stop(reuse: boolean): Promise<void>;
}

export async function takeReadModel(template: string | undefined): Promise<PooledReadModel> {
  const pool = idle.get(template ?? '') ?? [];
  idle.set(template ?? '', pool);
  const db = pool.pop() ?? (await openEmbeddedDatabase({ template }));
  let served: Awaited<ReturnType<typeof serveEmbeddedDatabase>>;
  try {
    served = await serveEmbeddedDatabase(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  const reused = uses.get(db) ?? 0;
  return {
    url: served.url,
    reused,
    async stop(reuse) {
      await served.stop();
      // a database that cannot be emptied is not given out again
      const emptied =
        reuse &&
        pool.length < MAX_IDLE &&
        (await resetEmbeddedDatabase(db).then(
          () => true,
          () => false,
        ));
      if (emptied && pool.length < MAX_IDLE) {
        uses.set(db, reused + 1);
        pool.push(db);
      } else {
        await db.close();
      }
    },
  };
}
