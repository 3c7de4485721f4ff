/** The reliability script's report: one row per check, printed as an aligned table at the end. */
export interface Row {
  scenario: string;
  what: string;
  expected: number | string;
  found: number | string;
  ok: boolean;
  note?: string;
}

export function printTable(rows: readonly Row[]): void {
  const head = ['scenario', 'what', 'expected', 'found', 'result', 'note'];
  const body = rows.map((r) => [r.scenario, r.what, String(r.expected), String(r.found), r.ok ? 'PASS' : 'FAIL', r.note ?? '']);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(width[i]!))).join('  ').trimEnd();
  process.stdout.write(`\n${line(head)}\n${line(width.map((w) => '-'.repeat(w)))}\n${body.map(line).join('\n')}\n`);
}
