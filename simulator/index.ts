/** The scenario simulator (docs/api.md, "Scenario files"): parse, run, and format results. */
export { parseScenario, scenarioSchema, formatPath, type Scenario, type ScenarioEvent, type ParseResult } from './scenario';
export { runScenarios, type RunOptions, type ScenarioResult, type RejectedCommand, type FinalState } from './run';
export { summaryLine, resultFileName } from './report';
export { compareWithExpected, expectedTimelineFile, withoutActor } from './expected';
