/**
 * Workflow patches: every change of behaviour that running cases would see on replay goes through
 * one of these (see docs/versioning.md). Each returns Temporal's patched(): true for new executions
 * and for running ones from the moment they run the new code, false when replaying history written
 * before the change. Kept in their own module so a test can swap them and prove that the same change
 * without the patch breaks replay.
 */
import { patched } from '@temporalio/workflow';

/** 2026-11: the insured gets a closing notice when a case is closed by a report or a caseworker. */
export const closingNoticePatch = (): boolean => patched('closing-notice');

/** 2026-11: cases project themselves into the SQL read model (workflows/projector.ts). */
export const readModelPatch = (): boolean => patched('read-model');
