/**
 * Synthetic example people for tests, the bench and the reliability script: valid personnummer
 * (check digit right) born 1940–1994, one per number. A person has one open case at a time, so each
 * opened case gets its own person.
 */
import { addDays } from '../domain/calendar';
import { luhnCheckDigit } from '../domain/identity';

const DAYS = 20_000;

/** The n-th example person (n ≥ 0); distinct for n below 18 million. */
export function examplePersonnummer(n: number): string {
  const [y = '', m = '', d = ''] = addDays('1940-01-01', n % DAYS).split('-');
  const serial = String(100 + (Math.floor(n / DAYS) % 900));
  return `${y}${m}${d}-${serial}${luhnCheckDigit(`${y.slice(2)}${m}${d}${serial}`)}`;
}

/** A source of fresh example people, starting at a random place (so runs against a kept system do not meet earlier runs' open cases). */
export function examplePeople(start = Math.floor(Math.random() * 17_000_000)): () => string {
  let n = start;
  return () => examplePersonnummer(n++);
}
