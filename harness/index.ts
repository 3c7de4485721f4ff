export {
  startTestSystem,
  PREBUILT_WORKFLOW_BUNDLE,
  PREBUILT_READ_MODEL_TEMPLATE,
  READ_MODEL_TEMPLATE_ENV,
  WORKFLOW_BUNDLE_ENV,
  type TestSystem,
  type TestSystemOptions,
} from './temporalTestSystem';
export { startCaseOnChainDay, type StartedCase } from './startCase';
export { installQuietRuntime } from './quietRuntime';
export {
  SystemProcesses,
  clusterPostgres,
  topology,
  CLUSTER_POSTGRES_ENV,
  type Service,
  type ServiceName,
  type Topology,
} from './systemProcesses';
export { startClusterApiSystem, type ApiTestSystem } from './clusterApiSystem';
export { SystemClient, waitUntil, type HttpAnswer, type StubRequestRecord, type TimelineEntry } from './systemClient';
export { REPLAY_FIXTURE_KEY } from './replayKey';
export { startTcpProxy, type TcpProxy } from './tcpProxy';
export { samples } from './promText';
export { systemPortBase } from './portBlocks';
