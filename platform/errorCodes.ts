/**
 * Every error code the API answers with: the rules' rejections (RejectionCode, domain/caseState.ts)
 * and the API's own. HttpError takes only these, so the web app's Swedish texts (web/messages.ts) are
 * checked by the compiler to cover each one.
 */
import type { RejectionCode } from '../domain/caseState';

export type ErrorCode =
  | RejectionCode
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'CASE_ALREADY_OPEN'
  | 'CASE_NOT_FOUND'
  | 'NO_CASE'
  | 'GONE'
  | 'ACCESS_LOG_UNAVAILABLE'
  | 'HEADERS_TOO_LARGE'
  | 'INVALID_JSON'
  | 'INVALID_REQUEST'
  | 'INVALID_URL'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_ACCEPTABLE'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'POPULATION_REGISTER_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'TEMPORAL_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'UNKNOWN_COMMAND'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'URI_TOO_LONG';
