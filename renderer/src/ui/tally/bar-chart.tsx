/**
 * A horizontal bar chart in plain SVG (no chart library): one bar per row,
 * the label on the start side, the value after the bar. In a right-to-left
 * language the whole chart is mirrored. The same numbers are in a table next
 * to it, so the chart is a picture with a title for screen readers.
 */
import { useId } from 'react';

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  /** The value as people read it (formatted, with its unit). */
  readonly valueLabel: string;
}

const WIDTH = 560;
const ROW = 40;
const BAR = 26;
const LABEL = 170;
const VALUE = 110;
const GAP = 8;

/** Bar length in chart units: proportional to the largest value, never negative, a sliver for non-zero values. */
export function barLength(value: number, max: number, room: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(2, (Math.min(value, max) / max) * room);
}

export function BarChart({
  bars,
  title,
  rtl,
  testId,
}: {
  readonly bars: readonly Bar[];
  readonly title: string;
  readonly rtl: boolean;
  readonly testId: string;
}) {
  const titleId = useId();
  const room = WIDTH - LABEL - VALUE - 2 * GAP;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const height = Math.max(1, bars.length) * ROW + GAP;
  // Positions are computed for left-to-right and mirrored for right-to-left:
  // x → WIDTH − x, and the text anchors swap.
  const flip = (x: number): number => (rtl ? WIDTH - x : x);
  const near = rtl ? 'start' : 'end';
  const far = rtl ? 'end' : 'start';
  return (
    <svg
      className="bar-chart"
      data-testid={testId}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={titleId}
      direction="ltr"
    >
      <title id={titleId}>{title}</title>
      {bars.map((bar, index) => {
        const y = GAP / 2 + index * ROW;
        const length = barLength(bar.value, max, room);
        const barStart = LABEL + GAP;
        const rectX = rtl ? WIDTH - barStart - length : barStart;
        return (
          <g key={bar.key} data-key={bar.key} data-value={bar.value}>
            <text className="bar-label" x={flip(LABEL)} y={y + BAR / 2} dominantBaseline="central" textAnchor={near}>
              {bar.label}
            </text>
            <rect className="bar" x={rectX} y={y} width={length} height={BAR} rx={3} />
            <text
              className="bar-value"
              x={flip(barStart + length + GAP)}
              y={y + BAR / 2}
              dominantBaseline="central"
              textAnchor={far}
            >
              {bar.valueLabel}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
