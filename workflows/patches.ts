/**
 * Workflow patches: every change of behaviour that running cases would see on replay goes through
 * one of these (see docs/versioning.md). Each returns Temporal's patched(): true for new executions,
 * false when replaying history written before the change. Kept in their own module so a test can
 * swap them and prove that the same change without the patch breaks replay.
 */
import { patched } from '@temporalio/workflow';

/**
 * 2026-11: the insured is told 14 days before days 91, 181 and 366 what the next assessment is
 * against (docs/rules.md, "Milestone notices"). Asked once, when a run starts: a case that started
 * before the change keeps the old rules until its next continue-as-new.
 */
export const milestoneNoticesPatch = (): boolean => patched('milestone-notices');

/**
 * 2026-12, domain round 3 (docs/rules.md; docs/versioning.md "Domain round 3"): refusals on every
 * criterion, the insured heard before a refusal is final, the continued sick-pay period, what a
 * relapse carries over, corrected notices. Asked once, when a run starts, like the notices.
 */
export const domainRound3Patch = (): boolean => patched('domain-round-3');

/** 2026-11: cases project themselves into the SQL read model (workflows/projector.ts). */
export const readModelPatch = (): boolean => patched('read-model');

/**
 * 2026-12: a closing case writes its whole record to the archive before it completes
 * (activities/archive.ts, docs/records.md). Asked once, after the case has closed.
 */
export const archiveAtClosePatch = (): boolean => patched('archive-at-close');

/**
 * 2026-12: a case without a region neither offers nor accepts an AFU or a completion question
 * (409 NO_REGION, domain/rules/afuAndCompletions.ts); the API refused them before the workflow saw
 * them. Asked once, when a run starts, like the notices.
 */
export const regionRequiredPatch = (): boolean => patched('region-required');
