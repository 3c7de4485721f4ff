/**
 * The inbox's part of the read model (readModel/inbox.ts, write.ts): what a case waits for is kept
 * addressed to its party, replaced whole by each newer projection and never by an older one, gone
 * when the case closes; overdue is decided on the day of reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { READ_MODEL_TEMPLATE_ENV } from '../../harness';
import { inboxOf } from '../../readModel/inbox';
import type { CaseProjection, PendingRow } from '../../readModel/types';
import { writeProjection } from '../../readModel/write';

let server: { url: string; stop: () => Promise<void> };
let db: ReadModelDb;

beforeAll(async () => {
  server = await startEmbeddedReadModel({ template: process.env[READ_MODEL_TEMPLATE_ENV] });
  db = await openReadModel({ url: server.url });
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const projection = (caseId: string, version: number, pending: PendingRow[], status: 'open' | 'closed' = 'open'): CaseProjection => ({
  version,
  summary: {
    caseId,
    personKey: `pk-${caseId}`,
    status,
    track: 'employed',
    criterion: 'own-work',
    firstSickDay: '2026-10-01',
    priorDays: 0,
    openedOn: '2026-10-20',
    overdueTasks: 0,
    stuck: false,
  },
  openTasks: [],
  pending,
  events: [],
});

const plan = (org: string, dueOn: string): PendingRow => ({
  agency: 'employer',
  party: org,
  request: 'return-to-work-plan',
  requestedOn: '2026-11-01',
  dueOn,
});
const afu: PendingRow = { agency: 'region', party: '01', request: 'afu', requestedOn: '2026-11-02', dueOn: '2026-12-07' };
const meeting: PendingRow = {
  agency: 'af',
  request: 'contact-meeting',
  meeting: 'contact',
  requestedOn: '2026-11-03',
  dueOn: '2026-11-20',
};

describe('inbox rows in the read model', () => {
  it("each party reads its own requests, soonest due first, overdue by the reading day's date", async () => {
    await writeProjection(db, projection('case-a0001', 1, [plan('556036-0793', '2026-11-15'), afu, meeting]));
    await writeProjection(db, projection('case-b0001', 1, [plan('212000-1009', '2026-11-10')]));
    await writeProjection(db, projection('case-c0001', 1, [{ ...plan('556036-0793', '2026-11-30'), request: 'sick-report' }]));
    const employer = await inboxOf(db, { agency: 'employer', party: '556036-0793' }, '2026-11-20');
    expect(employer.map((r) => [r.caseId, r.request, r.overdue])).toEqual([
      ['case-a0001', 'return-to-work-plan', true],
      ['case-c0001', 'sick-report', false],
    ]);
    expect(await inboxOf(db, { agency: 'employer', party: '556036-0793' }, '2026-11-15')).toContainEqual(
      expect.objectContaining({ caseId: 'case-a0001', overdue: false }), // due today is not late
    );
    expect((await inboxOf(db, { agency: 'region', party: '01' }, '2026-11-20')).map((r) => r.request)).toEqual(['afu']);
    expect(await inboxOf(db, { agency: 'region', party: '02' }, '2026-11-20')).toEqual([]);
    expect(await inboxOf(db, { agency: 'employer' }, '2026-11-20')).toEqual([]); // no organisation: nothing
    expect(await inboxOf(db, { agency: 'af' }, '2026-11-20')).toEqual([
      {
        caseId: 'case-a0001',
        request: 'contact-meeting',
        meeting: 'contact',
        requestedOn: '2026-11-03',
        dueOn: '2026-11-20',
        overdue: false,
      },
    ]);
  });

  it('a newer projection replaces the list whole; an older one changes nothing; a closed case has none', async () => {
    await writeProjection(db, projection('case-a0001', 2, [afu]));
    const employer = () => inboxOf(db, { agency: 'employer', party: '556036-0793' }, '2026-11-20');
    expect((await employer()).map((r) => r.caseId)).toEqual(['case-c0001']);
    expect((await inboxOf(db, { agency: 'region', party: '01' }, '2026-11-20')).map((r) => r.caseId)).toEqual(['case-a0001']);
    await writeProjection(db, projection('case-a0001', 1, [plan('556036-0793', '2026-11-15'), afu, meeting])); // a late retry
    expect((await employer()).map((r) => r.caseId)).toEqual(['case-c0001']);
    expect(await inboxOf(db, { agency: 'af' }, '2026-11-20')).toEqual([]);
    await writeProjection(db, projection('case-c0001', 2, [], 'closed'));
    expect(await employer()).toEqual([]);
  });
});
