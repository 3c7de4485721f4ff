/**
 * Values written into a statement as SQL literals, escaped by the driver, for the statements every
 * request makes (the claim of an opening, the access-log entry of a read): such a statement travels as
 * one simple-protocol message. With parameters it is five (parse, bind, describe, execute, sync),
 * which the embedded read model queues and runs one by one: about twice its CPU per statement
 * (docs/performance.md, "Round 3"). Only for values of our own making or checked before; strings are
 * escaped all the same (quotes doubled, backslashes as E'…').
 */
import pg from 'pg';

/** A string (or null) as an SQL literal. */
export const literal = (v: string | null | undefined): string => (v === null || v === undefined ? 'null' : pg.escapeLiteral(v));

/** A whole number as an SQL literal; throws for anything else. */
export function integerLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
  return String(n);
}
