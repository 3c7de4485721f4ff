/**
 * The chain-day bar of the case page: where the case is on the rehabilitation chain, with the day
 * limits 91, 181 and 366 and the benefit's last day marked. Geometry only; views/case.eta draws it
 * as SVG with text labels (readable without colour).
 */
export interface ChainBar {
  width: number;
  height: number;
  span: number;
  current: { day: number; x: number };
  marks: { day: number; x: number; label: string }[];
}

const WIDTH = 760;
const PAD = 20;

export function chainBar(chainDay: number, benefitEndsOnDay?: number): ChainBar {
  const span = Math.max(400, chainDay + 20, (benefitEndsOnDay ?? 0) + 20);
  const x = (day: number) => Math.round(PAD + ((WIDTH - 2 * PAD) * Math.min(day, span)) / span);
  const marks = [
    { day: 91, label: 'Dag 91' },
    { day: 181, label: 'Dag 181' },
    { day: 366, label: 'Dag 366' },
    ...(benefitEndsOnDay ? [{ day: benefitEndsOnDay, label: `Sjukpenningen upphör (dag ${benefitEndsOnDay})` }] : []),
  ].map((m) => ({ ...m, x: x(m.day) }));
  return { width: WIDTH, height: 100, span, current: { day: chainDay, x: x(chainDay) }, marks };
}
