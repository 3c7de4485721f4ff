/**
 * Commands and reads at K concurrent clients: the API (POST …/commands/record-consent, GET
 * /cases/{id}) against raw `executeUpdate` / `query` on the same workflows. Each client works its
 * own case (a case takes one command at a time, like one caseworker). Plus history events per
 * accepted command, counted on a fresh case.
 */
import { actorOf } from '../../platform/tokens';
import { caseQuery, caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import { merge, percentile, runClients, type Latencies } from './stats';
import { CASEWORKER, openThroughApi, type BenchSystem } from './system';
import type { Report } from './report';

const consent = (i: number) => ({ scope: 'joint-mapping', given: i % 2 === 0 });

export interface ClientRun {
  clients: number;
  apiCommand: Latencies;
  rawCommand: Latencies;
  apiRead: Latencies;
  rawRead: Latencies;
}

const command = (b: BenchSystem, caseId: string, i: number) => b.api('POST', `/cases/${caseId}/commands/record-consent`, consent(i));
const read = (b: BenchSystem, caseId: string) => b.api('GET', `/cases/${caseId}`);

export async function benchCommands(b: BenchSystem, report: Report, clients: number, perClient: number, rounds = 4): Promise<ClientRun> {
  const cases = await Promise.all(Array.from({ length: clients }, () => openThroughApi(b)));
  const handle = (client: number) => b.client.workflow.getHandle(caseWorkflowId(cases[client]!));
  const total = clients * perClient;
  // warm-up (route compilation, pools): a few of each, not counted
  await runClients('warm-up', clients * 2, clients, (i, c) => command(b, cases[c]!, i));
  await runClients('warm-up', clients * 2, clients, (_, c) => read(b, cases[c]!));
  const runs = { apiCommand: [] as Latencies[], rawCommand: [] as Latencies[], apiRead: [] as Latencies[], rawRead: [] as Latencies[] };
  const rawUpdate = (i: number, c: number) =>
    handle(c).executeUpdate(commandUpdates['record-consent'], { args: [{ input: consent(i), actor: actorOf(CASEWORKER) }] });
  for (let r = 0; r < rounds; r++) {
    // the order turns each round: what a round leaves behind on the server (visibility, history
    // tasks) weighs on the API and on raw alike
    const apiFirst = r % 2 === 0;
    const pair = async (api: () => Promise<Latencies>, raw: () => Promise<Latencies>) =>
      apiFirst ? [await api(), await raw()] : [await raw(), await api()].reverse();
    const [apiCommand, rawCommand] = await pair(
      () => runClients(`commands via API at ${clients}`, total, clients, (i, c) => command(b, cases[c]!, i)),
      () => runClients(`commands raw at ${clients}`, total, clients, rawUpdate),
    );
    const [apiRead, rawRead] = await pair(
      () => runClients(`reads via API at ${clients}`, total, clients, (_, c) => read(b, cases[c]!)),
      () => runClients(`reads raw at ${clients}`, total, clients, (_, c) => handle(c).query(caseQuery)),
    );
    runs.apiCommand.push(apiCommand!);
    runs.rawCommand.push(rawCommand!);
    runs.apiRead.push(apiRead!);
    runs.rawRead.push(rawRead!);
  }
  const run: ClientRun = {
    clients,
    apiCommand: merge(runs.apiCommand),
    rawCommand: merge(runs.rawCommand),
    apiRead: merge(runs.apiRead),
    rawRead: merge(runs.rawRead),
  };
  const p99 = (l: Latencies) => percentile(l.ms, 99);
  const suffix = clients === 8 ? '' : `At${clients}`;
  report.ratio(
    `commandP99Ratio${suffix}`,
    p99(run.apiCommand),
    p99(run.rawCommand),
    `command p99 ms API ÷ raw executeUpdate, ${clients} clients`,
    '≤ 1.5',
  );
  report.ratio(`readP99Ratio${suffix}`, p99(run.apiRead), p99(run.rawRead), `read p99 ms API ÷ raw query, ${clients} clients`, '≤ 1.5');
  report.add({
    name: `commandP50Ms${suffix}`,
    value: percentile(run.apiCommand.ms, 50),
    unit: 'ms',
    what: `command p50 via API, ${clients} clients (raw ${percentile(run.rawCommand.ms, 50).toFixed(1)} ms)`,
  });
  report.add({
    name: `readP50Ms${suffix}`,
    value: percentile(run.apiRead.ms, 50),
    unit: 'ms',
    what: `read p50 via API, ${clients} clients (raw ${percentile(run.rawRead.ms, 50).toFixed(1)} ms; p95 ${percentile(run.apiRead.ms, 95).toFixed(1)} against ${percentile(run.rawRead.ms, 95).toFixed(1)} ms)`,
  });
  report.add({
    name: `commandsPerSecond${suffix}`,
    value: run.apiCommand.ms.length / run.apiCommand.seconds,
    unit: '/s',
    what: `accepted commands per second via API, ${clients} clients`,
  });
  return run;
}

/** History events per accepted command: a fresh case, `n` accepted commands one after another. */
export async function benchHistoryPerCommand(b: BenchSystem, report: Report, n = 50): Promise<void> {
  const caseId = await openThroughApi(b);
  const h = b.client.workflow.getHandle(caseWorkflowId(caseId));
  // let the opening's own tasks and projection settle first
  await new Promise((r) => setTimeout(r, 1000));
  const before = (await h.describe()).historyLength;
  for (let i = 0; i < n; i++) await command(b, caseId, i);
  const after = (await h.describe()).historyLength;
  report.add({
    name: 'historyEventsPerCommand',
    value: (after - before) / n,
    unit: 'events',
    what: `history events per accepted command (${n} commands, one at a time)`,
    goal: '≤ 6',
  });
}
