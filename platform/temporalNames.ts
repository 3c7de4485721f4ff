/**
 * The names a case has in Temporal, used by the workflow, the API, the web app's link to the
 * Temporal UI and the scripts: its workflow type and its workflow ID (never personal data).
 */
export const CASE_WORKFLOW = 'sickLeaveCase';

/** Prefix of every case's workflow ID; the rest is the opaque case ID (never personal data). */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/** The daily purge's workflow type (workflows/purge.ts) and its Schedule's ID (worker/purgeSchedule.ts). */
export const PURGE_WORKFLOW = 'purgeRecords';
export const PURGE_SCHEDULE_ID = 'records-purge';
