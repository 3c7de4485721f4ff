/** How results are named and summarised (no personal data: only the scenario name and case facts). */
import path from 'node:path';
import type { ScenarioResult } from './run';

/** `scenarios/foo.json` → `foo.result.json` */
export const resultFileName = (scenarioFile: string): string => `${path.basename(scenarioFile).replace(/\.json$/i, '')}.result.json`;

/** One stdout line per scenario. */
export function summaryLine(r: ScenarioResult): string {
  if (r.error) return `${r.name}: FAILED (${r.error})`;
  const f = r.final;
  const state = f.status === 'closed' ? `closed ${f.closeReason ?? ''}`.trim() : 'open';
  return (
    `${r.name}: ${state}, criterion ${f.criterion}, chain day ${f.chainDay}, ` +
    `${r.timeline.length} timeline events, ${r.rejected.length} rejected, ${r.historyEvents} history events`
  );
}
