/** The bench's figures: printed with their baseline and ratio, and written as JSON (`--json FILE`). */
import fs from 'node:fs';
import path from 'node:path';
import { round } from './stats';

export interface Figure {
  /** the JSON name (createRatio, commandP99Ratio, …) */
  name: string;
  value: number;
  unit: string;
  /** what the value is (and what it is measured against) */
  what: string;
  /** the figure this one is compared with (raw Temporal unless baselineName says otherwise), and the figure itself */
  measured?: number;
  baseline?: number;
  baselineName?: string;
  goal?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly facts: Record<string, unknown> = {};

  add(f: Figure): void {
    this.figures.push({ ...f, value: round(f.value, 3) });
    const compared = f.baseline !== undefined ? ` (${round(f.measured ?? NaN)} vs ${f.baselineName ?? 'raw'} ${round(f.baseline)})` : '';
    console.log(
      `  ${f.name.padEnd(26)} ${String(round(f.value, 3)).padStart(10)} ${f.unit.padEnd(10)}${compared}  ${f.what}${f.goal ? ` [goal ${f.goal}]` : ''}`,
    );
  }

  /** A figure as API / raw (lower is better for latencies, higher for rates: `what` says which). */
  ratio(name: string, measured: number, baseline: number, what: string, goal?: string, baselineName?: string): void {
    this.add({
      name,
      value: measured / baseline,
      unit: '×',
      what,
      measured,
      baseline,
      ...(goal ? { goal } : {}),
      ...(baselineName ? { baselineName } : {}),
    });
  }

  write(file: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const byName = Object.fromEntries(this.figures.map((f) => [f.name, f.value]));
    fs.writeFileSync(file, `${JSON.stringify({ ...byName, figures: this.figures, facts: this.facts }, null, 2)}\n`);
    console.log(`figures written to ${file}`);
  }
}
