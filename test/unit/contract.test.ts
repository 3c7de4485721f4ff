/**
 * The response contract (contract/) against what the domain produces: every event of every
 * scenario's expected timeline fits the timeline schema with nothing dropped (the serializer strips
 * fields a schema does not name), and the figures of domain/statistics.ts fit the /stats schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statsSchema, timelineEventSchema } from '../../contract/caseRecord';
import { computeStats } from '../../domain/statistics';

const timelines = readdirSync('scenarios/expected')
  .filter((f) => f.endsWith('.timeline.json'))
  .map((f) => [f, JSON.parse(readFileSync(`scenarios/expected/${f}`, 'utf8')) as unknown[]] as const);

describe('response contract', () => {
  it('every scenario timeline event fits the timeline schema, no field dropped', () => {
    expect(timelines.length).toBeGreaterThan(5);
    for (const [file, events] of timelines) {
      for (const e of events) {
        const parsed = timelineEventSchema.safeParse(e);
        expect(parsed.success, `${file}: ${JSON.stringify(e)}`).toBe(true);
        expect(Object.keys(parsed.data!).sort(), file).toEqual(Object.keys(e as object).sort());
      }
    }
  });

  it('the statistics fit the /stats schema, no field dropped', () => {
    const stats = computeStats([], '2026-01-01', '2026-12-31');
    const parsed = statsSchema.parse(stats);
    expect(parsed).toEqual(stats);
  });
});
