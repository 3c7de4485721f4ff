/**
 * One pino logger factory for every process. JSON lines by default, pretty in a terminal.
 *
 * Personal and health data never reach a log line:
 *  - known fields (personnummer, free-text notes of health content) are redacted by path;
 *  - every string that is logged is scrubbed for anything shaped like a personnummer or
 *    samordningsnummer, whatever field it hides in (defence in depth).
 *
 * With tracing on (platform/tracing.ts), a line written inside a span carries `trace_id` and `span_id`.
 */
import pino, { type Logger, type LoggerOptions } from 'pino';
import { scrubPersonalNumbers } from './redaction';
import { activeTracing, traceLogFields } from './tracing';

export { scrubPersonalNumbers };

/** Fields that may carry personal identity numbers or health information (free text). */
export const REDACTED_FIELDS = [
  'personnummer',
  'personalIdentityNumber',
  'note',
  'summary',
  'answer',
  'question',
  'outcome',
  'comment',
  'reason',
] as const;

const redactPaths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]).concat([
  'req.headers.authorization',
  'headers.authorization',
]);

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalNumbers(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // requests, errors: left to serializers
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export function loggerOptions(name: string, level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return {
    name,
    level,
    ...(activeTracing() ? { mixin: traceLogFields } : {}),
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      // last line of defence: the finished JSON line, after every serializer (request URLs included)
      streamWrite: (line) => scrubPersonalNumbers(line),
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubPersonalNumbers(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

export function createLogger(name: string, destination?: pino.DestinationStream): Logger {
  const opts = loggerOptions(name);
  if (destination) return pino(opts, destination);
  if (process.stdout.isTTY && !process.env.CI) {
    return pino({ ...opts, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(opts);
}
