/**
 * Issue 26, item 2: traces. With OTEL_EXPORTER_OTLP_ENDPOINT set (here at a small OTLP/HTTP receiver
 * in this process, `http/json`), a caseworker's command is one trace from the API's HTTP request
 * through the workflow update to the agency activity and its HTTP call into the stubs; the log lines
 * of that request carry its trace ID. Without an endpoint nothing of the SDK is loaded.
 * Real processes (`tsx server/main.ts`, `worker/main.ts`, `stubs/main.ts`) on the dev server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Writable } from 'node:stream';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { SystemClient, SystemProcesses, waitUntil } from '../../harness';
import { examplePeople } from '../../harness/exampleIdentities';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../harness/otlpReceiver';
import { loadConfig } from '../../platform/config';
import { activeTracing, startTracing, tracingWanted } from '../../platform/tracing';
import { createLogger } from '../../platform/logger';

const person = examplePeople(3);
const today = () => stockholmDateOf(Date.now());

/** The JSON log lines of a service's output. */
const logLines = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('tracing off (no endpoint)', () => {
  it('is wanted only with an OTLP endpoint, and not when the SDK is disabled', () => {
    expect(tracingWanted(loadConfig({}))).toBe(false);
    expect(tracingWanted(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }))).toBe(false);
    expect(tracingWanted(loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }))).toBe(false);
    expect(tracingWanted(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }))).toBe(true);
    expect(tracingWanted(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }))).toBe(true);
    expect(tracingWanted(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }))).toBe(false);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  });

  it('starts no SDK, loads none of its modules and adds nothing to log lines', () => {
    expect(startTracing(loadConfig({}), 'sjukfall-api')).toBeUndefined();
    expect(activeTracing()).toBeUndefined();
    const lines: string[] = [];
    const log = createLogger(
      'api',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }) as unknown as pino.DestinationStream,
    );
    log.info('a line');
    expect(Object.keys(JSON.parse(lines[0]!) as object)).not.toContain('trace_id');
    const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry[/\\](sdk-|instrumentation)|interceptors-opentelemetry/.test(f));
    expect(loaded).toEqual([]);
  });
});

describe('one trace from the API through the worker to the agency', () => {
  let receiver: OtlpReceiver;
  let sys: SystemProcesses;
  let c: SystemClient;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sys = new SystemProcesses('sjukfall-tracing-');
    // the standard variables only; the services name themselves (sjukfall-api, -worker, -stubs)
    Object.assign(sys.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    delete sys.env.OTEL_SERVICE_NAME;
    await sys.startAll();
    c = new SystemClient(sys.apiUrl, sys.stubsUrl, sys.token({ sub: 'hk-1', role: 'caseworker' }));
    // no callbacks: the agency's later answer would be a trace of its own request (and race this test's checks)
    await c.setBehaviour({ latencyMs: [5, 20], failureRate: 0, down: false, callbacks: false });
  }, 180_000);
  afterAll(async () => {
    if (process.env.TRACING_TEST_DUMP) {
      for (const [name, svc] of sys.services) console.log(`--- ${name}\n${svc.output().slice(-6000)}`);
      console.log(
        JSON.stringify(
          receiver.spans.map((s) => [s.service, s.traceId.slice(0, 8), s.spanId.slice(0, 8), s.parentSpanId?.slice(0, 8), s.name]),
        ),
      );
    }
    await sys?.stopAll();
    await receiver?.close();
  }, 60_000);

  it('a command: HTTP request → update → activity → agency call, every service in one trace, its ID on the log lines', async () => {
    const caseId = await c.openCase({ personnummer: person(), employment: { type: 'unemployed' }, firstSickDay: addDays(today(), -3) });
    const answer = await c.command(caseId, 'request-certificate-completion', { question: 'Vilka aktiviteter är begränsade?' });
    expect(answer.status).toBe(200);

    // the API's line for the command's request says its trace
    const commandPath = `/cases/${caseId}/commands/request-certificate-completion`;
    const apiLines = () =>
      logLines(sys.services.get('api')!.output()).filter((l) => (l.req as { url?: string } | undefined)?.url === commandPath);
    await waitUntil('the API logs the request', 10_000, async () => apiLines().length > 0);
    const traceId = apiLines()[0]!.trace_id as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const inTrace = (): ReceivedSpan[] => receiver.spans.filter((s) => s.traceId === traceId);
    const has = (service: string, name: string | RegExp) =>
      inTrace().some((s) => s.service === service && (typeof name === 'string' ? s.name === name : name.test(s.name)));
    const expected: [string, string | RegExp][] = [
      ['sjukfall-api', 'POST /cases/:caseId/commands/request-certificate-completion'],
      ['sjukfall-api', 'StartWorkflowUpdate:request-certificate-completion'],
      ['sjukfall-worker', 'HandleUpdate:request-certificate-completion'],
      ['sjukfall-worker', 'StartActivity:sendAgencyRequest'],
      ['sjukfall-worker', 'RunActivity:sendAgencyRequest'],
      ['sjukfall-worker', 'POST'], // the agency call (fetch)
      ['sjukfall-stubs', 'POST /:agency/:request'],
    ];
    const missing = () => expected.filter(([service, name]) => !has(service, name)).map(([service, name]) => `${service} ${String(name)}`);
    // one tree: every span but the request's own has its parent in the trace
    const orphans = () => {
      const ids = new Set(inTrace().map((s) => s.spanId));
      return inTrace()
        .filter((s) => s.parentSpanId && !ids.has(s.parentSpanId))
        .map((s) => `${s.service} ${s.name}`);
    };
    // spans leave each process in batches (OTEL_BSP_SCHEDULE_DELAY), the workflow's when its task completes:
    // an activity's span can arrive before the workflow's span that scheduled it
    await waitUntil('every span of the command in the trace', 30_000, async () => missing().length === 0 && orphans().length === 0).catch(
      () => undefined,
    );
    expect(missing()).toEqual([]);
    expect(receiver.refused).toEqual([]);
    const spans = inTrace();
    expect(spans.filter((s) => !s.parentSpanId).map((s) => s.name)).toEqual([
      'POST /cases/:caseId/commands/request-certificate-completion',
    ]);
    expect(orphans()).toEqual([]);
    // the agency's span is the worker's call's child: the context crossed the HTTP hop
    const agencyCall = spans.find((s) => s.service === 'sjukfall-stubs')!;
    expect(spans.find((s) => s.spanId === agencyCall.parentSpanId)).toMatchObject({ service: 'sjukfall-worker', name: 'POST' });
    const apiRequest = spans.find((s) => s.service === 'sjukfall-api' && !s.parentSpanId)!;
    expect(apiRequest.name).toBe('POST /cases/:caseId/commands/request-certificate-completion');
    expect(apiRequest.attributes['http.route']).toBe('/cases/:caseId/commands/request-certificate-completion');
    expect(apiRequest.attributes['http.target']).toBe(commandPath);

    // every log line of that request carries its trace ID: the API's and the stub's for the agency request
    for (const line of apiLines()) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);
    const stubLines = logLines(sys.services.get('stubs')!.output()).filter(
      (l) => l.caseId === caseId && l.request === 'certificate-completion',
    );
    expect(stubLines.length).toBeGreaterThan(0);
    for (const line of stubLines) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);
  });

  it("a request's span has its route's name and its path without the query string", async () => {
    expect((await c.api('GET', '/cases?caseworker=hk-1&overdue=false')).status).toBe(200);
    const span = await waitUntil('the list request exported', 20_000, async () => receiver.spans.find((s) => s.name === 'GET /cases'));
    expect(span).toMatchObject({
      service: 'sjukfall-api',
      attributes: { 'http.target': '/cases', 'http.url': '/cases', 'http.route': '/cases' },
    });
  });
});
