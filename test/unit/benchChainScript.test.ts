/**
 * The bench's 400-day case (scripts/bench/chainScript.ts) stays a case the rules accept from start
 * to end. When a rule changes what a command needs (an AFU is ordered from the case's region),
 * `npm run bench` would otherwise stop at its first step, and no other test runs it.
 */
import { expect, it } from 'vitest';
import { pureCase } from '../../scripts/bench/rules';

it("the bench's 400-day case runs through the pure rules with every command accepted", () => {
  const s = pureCase(); // throws on the first command the rules refuse
  expect(s.status).toBe('open');
  expect(s.handledThrough).toBe(400);
  expect(s.afuOrders).toEqual([expect.objectContaining({ orderedDay: 151, reportedDay: 180 })]);
});
