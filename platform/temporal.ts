/** Connecting to Temporal with this project's data converter (payload encryption). */
import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';
import { dataConverter } from './codec';
import type { Secrets } from './secrets';

export async function connectClient(config: Config, secrets: Secrets): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporalAddress });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(secrets.payloadKeys) });
}
