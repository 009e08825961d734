/**
 * A horizontal bar chart in plain SVG (no chart library): one bar per row,
 * the label on the start side, the value after the bar. In a right-to-left
 * language the whole chart is mirrored. The same numbers are in a table next
 * to it, so the chart is a picture with a title for screen readers.
 */
import { useId } from 'react';
import { barGeometry, barLength } from '../common/bar-geometry';

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
const GAP = 8;

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
  const geometry = barGeometry(WIDTH, rtl);
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const height = Math.max(1, bars.length) * ROW + GAP;
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
        const length = barLength(bar.value, max, geometry.room);
        return (
          <g key={bar.key} data-key={bar.key} data-value={bar.value}>
            <text className="bar-label" x={geometry.labelX} y={y + BAR / 2} dominantBaseline="central" textAnchor={geometry.labelAnchor}>
              {bar.label}
            </text>
            <rect className="bar" x={geometry.barX(length)} y={y} width={length} height={BAR} rx={3} />
            <text
              className="bar-value"
              x={geometry.valueX(length)}
              y={y + BAR / 2}
              dominantBaseline="central"
              textAnchor={geometry.valueAnchor}
            >
              {bar.valueLabel}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
