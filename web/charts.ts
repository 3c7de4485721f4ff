/**
 * Charts as SVG rendered on the server with Vega-Lite (compiled to Vega, View.toSVG, no browser or
 * canvas needed). Readable without colour: bars carry their value as text and categories are on the
 * axis; the lines of the time chart differ in point shape and dash as well as colour. Each chart is
 * shown with a data table next to it (views/dashboard.eta). Each kind of chart is compiled, parsed
 * and built into a Vega view once (Vega-Lite → Vega → its dataflow: most of a chart's cost); a chart
 * is that view given its own data, title and scale maximum (signals) and rendered to SVG, one
 * chart of a kind at a time.
 */
export interface Bar {
  label: string;
  value: number;
}
export interface SeriesPoint {
  period: string;
  series: string;
  value: number;
}

const FONT = 'Arial, Helvetica, sans-serif';
const config = {
  font: FONT,
  background: 'white',
  axis: { labelFontSize: 13, titleFontSize: 13, labelColor: '#1b1b1b', titleColor: '#1b1b1b', gridColor: '#e5e5e5' },
  legend: { labelFontSize: 13, titleFontSize: 13, symbolSize: 120, labelLimit: 240 },
  view: { stroke: null },
};

// vega and vega-lite are ES modules with top-level await: loaded once, on first use
let engines: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
const load = () => (engines ??= Promise.all([import('vega'), import('vega-lite')]));

/** The chart's data, title and the scale's maximum: set on each view of a compiled chart. */
const DATA = 'table';
const params = [
  { name: 'chartTitle', value: '' },
  { name: 'maxValue', value: 1 },
];

type View = InstanceType<(typeof import('vega'))['View']>;
/** Per kind of chart: its view, and the render in progress (one at a time: a view holds one chart's data). */
const charts = new Map<string, { view: Promise<View>; rendering: Promise<unknown> }>();

/** The chart kind's view: compiled, parsed and built into a dataflow on first use, then kept. */
function chartOf(kind: string, spec: object): { view: Promise<View>; rendering: Promise<unknown> } {
  let c = charts.get(kind);
  if (!c) {
    const view = load().then(([vega, vl]) => {
      const compiled = vl.compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config, params, ...spec } as never).spec;
      return new vega.View(vega.parse(compiled), { renderer: 'none' });
    });
    c = { view, rendering: view };
    charts.set(kind, c);
  }
  return c;
}

/** The chart with these data, title and maximum as SVG: the kind's view given them and rendered, after any render before it. */
function toSvg(kind: string, spec: object, title: string, values: object[], max: number): Promise<string> {
  const c = chartOf(kind, spec);
  const svg = c.rendering.then(async () => {
    const view = await c.view;
    view.data(DATA, values).signal('chartTitle', title).signal('maxValue', max);
    return view.toSVG();
  });
  c.rendering = svg.catch(() => undefined);
  return svg;
}

const titled = { text: { expr: 'chartTitle' }, anchor: 'start', fontSize: 14 };

/** Horizontal bars with the value written at each bar's end. */
export function barChart(title: string, bars: Bar[], xTitle = 'Antal'): Promise<string> {
  const spec = {
    title: titled,
    width: 300,
    height: { step: 26 },
    data: { name: DATA },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: xTitle,
        axis: { tickMinStep: 1, format: 'd' },
        scale: { domainMin: 0, domainMax: { expr: 'maxValue' } },
      },
    },
    layer: [
      { mark: { type: 'bar', color: '#1f5c99' } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 13, color: '#1b1b1b' },
        encoding: { text: { field: 'value', type: 'quantitative' } },
      },
    ],
  };
  return toSvg(`bar:${xTitle}`, spec, title, bars, Math.max(1, ...bars.map((b) => b.value)));
}

/** Lines over periods; each series has its own point shape and dash, named in the legend. */
export function lineChart(title: string, points: SeriesPoint[]): Promise<string> {
  const spec = {
    title: titled,
    width: 640,
    height: 240,
    data: { name: DATA },
    mark: { type: 'line', point: { size: 80, filled: true }, strokeWidth: 2 },
    encoding: {
      x: { field: 'period', type: 'ordinal', title: 'Månad', axis: { labelAngle: 0 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'Antal',
        axis: { tickMinStep: 1, format: 'd' },
        scale: { domainMin: 0, domainMax: { expr: 'maxValue' } },
      },
      color: { field: 'series', type: 'nominal', title: 'Mötestyp', scale: { range: ['#1f5c99', '#b35900', '#2e7d32', '#6a1b9a'] } },
      shape: { field: 'series', type: 'nominal', title: 'Mötestyp' },
      strokeDash: { field: 'series', type: 'nominal', title: 'Mötestyp' },
    },
  };
  return toSvg('line', spec, title, points, Math.max(1, ...points.map((p) => p.value)));
}
