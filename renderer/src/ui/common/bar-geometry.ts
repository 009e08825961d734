/**
 * The horizontal layout of a labelled bar, shared by the tally's and the
 * stock's charts: the label ends at LABEL, the bar starts GAP after it and
 * grows into the room left before the value column, the value follows the
 * bar. Positions are computed left to right and mirrored for right-to-left
 * (x → width − x, and the text anchors swap).
 */
const LABEL = 170;
const VALUE = 110;
const GAP = 8;

export interface BarGeometry {
  /** The longest bar. */
  readonly room: number;
  readonly labelX: number;
  readonly labelAnchor: 'start' | 'end';
  readonly valueAnchor: 'start' | 'end';
  readonly barX: (length: number) => number;
  readonly valueX: (length: number) => number;
}

export function barGeometry(width: number, rtl: boolean): BarGeometry {
  const flip = (x: number): number => (rtl ? width - x : x);
  const barStart = LABEL + GAP;
  return {
    room: width - LABEL - VALUE - 2 * GAP,
    labelX: flip(LABEL),
    labelAnchor: rtl ? 'start' : 'end',
    valueAnchor: rtl ? 'end' : 'start',
    barX: (length) => (rtl ? width - barStart - length : barStart),
    valueX: (length) => flip(barStart + length + GAP),
  };
}

/** Bar length in chart units: proportional to the largest value, never negative, a sliver for non-zero values. */
export function barLength(value: number, max: number, room: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(2, (Math.min(value, max) / max) * room);
}
