/**
 * What can be wrong with one field of a request, as a code: the API answers each problem as
 * `{field, issue}` (platform/httpErrors.ts) and the web app says each in Swedish at its field (web/sv.ts).
 * One list, so both ends are checked by the compiler to know every one.
 */
export const FIELD_ISSUES = [
  // the shape (from zod's issue codes, platform/httpErrors.ts)
  'required',
  'wrong-type',
  'too-small',
  'too-big',
  'not-an-option',
  'bad-format',
  'unknown-field',
  'invalid',
  // dates
  'not-a-date',
  'after-today',
  'too-long-ago',
  'before-from',
  'overlaps-first-sick-day',
  // identity numbers (domain/identity.ts)
  'personnummer-format',
  'check-digit',
  'birth-date',
  'org-format',
  'org-group',
  // the case
  'employer-required',
  'employer-not-allowed',
  'region-code',
  'user-id',
  'parties-only-reconciliation',
  'degree-required',
] as const;
export type FieldIssue = (typeof FIELD_ISSUES)[number];

/** One problem with one field: its dotted path in the request, the issue, the limit it broke, and a message in English for API users. */
export interface FieldProblem {
  field: string;
  issue: FieldIssue;
  message: string;
  limit?: number;
}
