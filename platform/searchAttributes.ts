/**
 * The custom search attributes of a case. No personal data: the person key is a keyed hash.
 * Registered on the dev server by scripts/start.ts and in docker-compose.yml by temporal-admin-tools.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseCriterion = defineSearchAttributeKey('CaseCriterion', SearchAttributeType.KEYWORD);
export const CaseCaseworker = defineSearchAttributeKey('CaseCaseworker', SearchAttributeType.KEYWORD);
export const CaseEmploymentType = defineSearchAttributeKey('CaseEmploymentType', SearchAttributeType.KEYWORD);
export const CaseNextDeadline = defineSearchAttributeKey('CaseNextDeadline', SearchAttributeType.DATETIME);
export const CaseOpenTasks = defineSearchAttributeKey('CaseOpenTasks', SearchAttributeType.INT);
export const CaseOverdueTasks = defineSearchAttributeKey('CaseOverdueTasks', SearchAttributeType.INT);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CasePersonKey = defineSearchAttributeKey('CasePersonKey', SearchAttributeType.KEYWORD);
export const CaseStuck = defineSearchAttributeKey('CaseStuck', SearchAttributeType.BOOL);
/** names of the open tasks, for "cases with an open X" */
export const CaseOpenTaskNames = defineSearchAttributeKey('CaseOpenTaskNames', SearchAttributeType.KEYWORD_LIST);

export const caseSearchAttributes = [
  CaseCriterion,
  CaseCaseworker,
  CaseEmploymentType,
  CaseNextDeadline,
  CaseOpenTasks,
  CaseOverdueTasks,
  CaseStatus,
  CasePersonKey,
  CaseStuck,
  CaseOpenTaskNames,
] as const;

// SearchAttributeType values are the strings 'KEYWORD', 'DATETIME', 'INT', 'BOOL' (@temporalio/common 1.24);
// the CLI (`temporal operator search-attribute create --type`) spells them Keyword, Datetime, Int, Bool.
const typeName = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
} as const;

export interface SearchAttributeRegistration {
  name: string;
  type: (typeof typeName)[keyof typeof typeName];
}

export const searchAttributeRegistrations: SearchAttributeRegistration[] = caseSearchAttributes.map((k) => ({
  name: k.name,
  type: typeName[k.type],
}));
