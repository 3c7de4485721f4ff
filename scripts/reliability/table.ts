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
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(head)}\n${line(width.map((w) => '-'.repeat(w)))}\n${body.map(line).join('\n')}\n`);
}

/** Rows as they are checked: each is printed at once (stderr) and kept for the table at the end. */
export function createReport(): { rows: Row[]; row: (r: Row) => void } {
  const rows: Row[] = [];
  const row = (r: Row) => {
    rows.push(r);
    process.stderr.write(
      `  ${r.ok ? 'PASS' : 'FAIL'} ${r.scenario}: ${r.what} (expected ${r.expected}, found ${r.found})${r.note ? ` — ${r.note}` : ''}\n`,
    );
  };
  return { rows, row };
}

/** The API at `apiUrl` answers and says Temporal is up. */
export const apiUp = (apiUrl: string): Promise<boolean> =>
  fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(3000) }).then(
    async (r) => ((await r.json()) as { temporal?: string }).temporal === 'up',
    () => false,
  );
