/** Charts share one Vega view per kind: each render shows its own data, whatever was rendered before or alongside it. */
import { expect, it } from 'vitest';
import { barChart, lineChart } from '../../web/charts';

const bars = (k: number) => Array.from({ length: 3 + k }, (_, i) => ({ label: `Rad ${k}-${i}`, value: (i * 7 + k) % 11 }));

it('renders the same SVG for the same chart again, after others, and each concurrent chart with its own title and rows', async () => {
  const first = await barChart('Diagram A', bars(1));
  await barChart('Diagram B', bars(4));
  await lineChart('Linjer', [{ period: '2026-01', series: 'S', value: 3 }]);
  expect(await barChart('Diagram A', bars(1))).toBe(first);
  const all = await Promise.all([0, 1, 2, 3].map((k) => barChart(`Diagram ${k}`, bars(k))));
  all.forEach((svg, k) => {
    expect(svg).toContain(`Diagram ${k}`);
    expect(svg).toContain(`Rad ${k}-${2 + k}`);
    expect(svg).not.toContain(`Rad ${(k + 1) % 4}-0`);
  });
  expect(all[1]).toBe(await barChart('Diagram 1', bars(1)));
});
