/**
 * What must never leave a process in a string it writes out (a log line, a span's URL): anything
 * shaped like a personnummer or samordningsnummer, a token, a sign-in code. Used by platform/logger.ts
 * on every log line and by platform/tracing.ts on the URLs it puts on spans.
 */

/** 10- or 12-digit personnummer/samordningsnummer, with or without separator. */
const PERSONNUMMER_LIKE = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g;

/** JWTs (three base64url parts), e.g. a token in a codec URL. */
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

/** The sign-in callback's authorization code and state in a URL (web/oidcLogin.ts). */
const OAUTH_QUERY = /([?&](?:code|state)=)[^&\s"]+/g;

export function scrubPersonalNumbers(s: string): string {
  return s.replace(PERSONNUMMER_LIKE, '[REDACTED]').replace(JWT_LIKE, '[TOKEN]').replace(OAUTH_QUERY, '$1[REDACTED]');
}
