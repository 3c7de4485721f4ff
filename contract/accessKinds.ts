/** What an access-log entry says was read (readModel/accessLog.ts writes them; the register extract shows them). */
export const ACCESS_KINDS = ['case', 'timeline', 'history', 'person', 'access-log', 'person-search', 'register-extract'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];
