/**
 * The floor of the creation bench: an HTTP endpoint that does nothing but the API's start call.
 * No token, no validation, no one-open-case claim, no logging: the bench posts the workflow input
 * and this process hands it to `TemporalCases.start` with the same client settings as the API.
 * What it costs against raw `workflow.start` is what any HTTP service in front of Temporal costs
 * on these cores; what the API costs against it is the API's own work. Bench only, never deployed.
 */
import Fastify from 'fastify';
import { TemporalCases } from '../../api/temporalCases';
import { loadConfig } from '../../platform/config';
import { loadSecrets } from '../../platform/secrets';
import { connectClient } from '../../platform/temporal';
import type { CaseWorkflowInput } from '../../workflows/definitions';

export const FLOOR_READY = 'floor server ready';

async function main(): Promise<void> {
  const config = loadConfig();
  const temporal = await connectClient(config, loadSecrets(config));
  const cases = new TemporalCases(temporal, config.TASK_QUEUE, {
    readMs: config.TEMPORAL_READ_TIMEOUT_MS,
    commandMs: config.TEMPORAL_COMMAND_TIMEOUT_MS,
  });
  const app = Fastify({ logger: false });
  app.post('/start', async (req, reply) => reply.status((await cases.start(req.body as CaseWorkflowInput)) ? 201 : 409).send({}));
  await app.listen({ host: '127.0.0.1', port: Number(process.env.FLOOR_PORT) });
  console.log(FLOOR_READY);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
