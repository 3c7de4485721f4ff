/**
 * A case ID is 32 lowercase hex characters, in the API, the simulator and the web app alike: random
 * for a case opened without an Idempotency-Key, else the first 32 characters of the keyed hash of
 * (user, key), so a retry finds the case it opened. (Cases opened before this rule may carry a dashed
 * UUID; the API still accepts those.)
 */
import crypto from 'node:crypto';

export const CASE_ID_LENGTH = 32;

export const randomCaseId = (): string => crypto.randomBytes(CASE_ID_LENGTH / 2).toString('hex');

export const keyedCaseId = (keyHash: string): string => keyHash.slice(0, CASE_ID_LENGTH);
