/**
 * Group commit for the access log: the entries of reads that arrive while a write is under way go
 * into the next write, one statement for all of them. Each caller's promise settles with the write
 * that holds its entries, so a read is still served only once its entry is in (and refused when
 * that write fails). Why: on PGlite's one session, 32 concurrent reads would otherwise queue 32
 * inserts and 32 commits ahead of the reads' own statements (docs/performance.md, read p99).
 */
import { appendAccess, type AccessEntry } from './accessLog';
import type { ReadModelDb } from './connect';

/** Entries in one statement at most (six parameters each, well inside PostgreSQL's 65,535). */
const MAX_ENTRIES = 2_000;

interface Waiting {
  entries: readonly AccessEntry[];
  resolve(): void;
  reject(err: unknown): void;
}

export class AccessLogBatches {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly db: ReadModelDb,
    private readonly keepYears: number,
  ) {}

  /** Resolves once the entries are written; rejects with the write's error. */
  append(entries: readonly AccessEntry[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries, resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.nextBatch();
      try {
        await appendAccess(
          this.db,
          batch.flatMap((w) => w.entries),
          this.keepYears,
        );
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }

  /** The callers waiting longest, up to MAX_ENTRIES entries (always at least one caller). */
  private nextBatch(): Waiting[] {
    let n = 0;
    let entries = 0;
    while (n < this.waiting.length && (n === 0 || entries + this.waiting[n]!.entries.length <= MAX_ENTRIES)) {
      entries += this.waiting[n]!.entries.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}
