export { startTestSystem, PREBUILT_WORKFLOW_BUNDLE, type TestSystem, type TestSystemOptions } from './temporalTestSystem';
export { startCaseOnChainDay, type StartedCase } from './startCase';
export { installQuietRuntime } from './quietRuntime';
export { SystemProcesses, type Service, type ServiceName } from './systemProcesses';
export { SystemClient, waitUntil, type HttpAnswer, type StubRequestRecord, type TimelineEntry } from './systemClient';
export { REPLAY_FIXTURE_KEY } from './replayKey';
