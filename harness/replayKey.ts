/**
 * The fixed payload key of the replay histories in test/integration/histories/ (recorded by
 * scripts/record-histories.ts, replayed by test/integration/replay.test.ts). Not a secret: the histories hold
 * synthetic scenario cases (and no personnummer: workflows only ever see a keyed hash), but they
 * are stored encrypted like everything Temporal stores, so replay decodes them.
 */
import crypto from 'node:crypto';
import type { PayloadKey } from '../platform/codec';

export const REPLAY_FIXTURE_KEY: PayloadKey = {
  id: 'replay-fixture',
  key: crypto.createHash('sha256').update('sjukfall replay fixtures (not a secret)').digest(),
};
