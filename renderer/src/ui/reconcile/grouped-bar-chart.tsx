/**
 * A grouped horizontal bar chart in plain SVG, like the tally's bar chart:
 * one group per item, one bar per device (series) in each group, the same
 * series colour in every group, a legend in HTML under it. Mirrored for
 * right-to-left languages. The numbers are in a table next to it; the chart
 * is a picture with a title for screen readers.
 */
import { useId } from 'react';
import { barGeometry, barLength } from '../common/bar-geometry';

export interface ChartSeries {
  readonly key: string;
  readonly label: string;
}

export interface ChartGroup {
  readonly key: string;
  readonly label: string;
  /** One per series, in the order of `series`. */
  readonly values: readonly number[];
  readonly valueLabels: readonly string[];
}

const WIDTH = 640;
const BAR = 18;
const BAR_GAP = 3;
const GROUP_GAP = 16;
/** Colours cycle after this many series (styles.css `.series-0` … `.series-7`). */
export const SERIES_COLOURS = 8;

export interface GroupedLayout {
  readonly height: number;
  /** Top of group `g`'s first bar. */
  readonly groupTop: readonly number[];
  readonly groupHeight: number;
}

/** Vertical positions: each group holds one bar slot per series, so series line up across groups. */
export function groupedLayout(groups: number, series: number): GroupedLayout {
  const groupHeight = Math.max(1, series) * (BAR + BAR_GAP) - BAR_GAP;
  const groupTop = Array.from({ length: groups }, (_, g) => GROUP_GAP / 2 + g * (groupHeight + GROUP_GAP));
  return { height: Math.max(1, groups) * (groupHeight + GROUP_GAP), groupTop, groupHeight };
}

export function GroupedBarChart({
  series,
  groups,
  title,
  rtl,
  testId,
}: {
  readonly series: readonly ChartSeries[];
  readonly groups: readonly ChartGroup[];
  readonly title: string;
  readonly rtl: boolean;
  readonly testId: string;
}) {
  const titleId = useId();
  const geometry = barGeometry(WIDTH, rtl);
  // Negative values (more handed out than received) draw no bar; the label says it.
  const max = Math.max(0, ...groups.flatMap((g) => g.values));
  const layout = groupedLayout(groups.length, series.length);
  return (
    <figure className="grouped-chart">
      <svg
        className="bar-chart grouped-bar-chart"
        data-testid={testId}
        viewBox={`0 0 ${WIDTH} ${layout.height}`}
        width={WIDTH}
        height={layout.height}
        role="img"
        aria-labelledby={titleId}
        direction="ltr"
      >
        <title id={titleId}>{title}</title>
        {groups.map((group, g) => {
          const top = layout.groupTop[g] ?? 0;
          return (
            <g key={group.key} data-group={group.key}>
              <text
                className="bar-label"
                x={geometry.labelX}
                y={top + layout.groupHeight / 2}
                dominantBaseline="central"
                textAnchor={geometry.labelAnchor}
              >
                {group.label}
              </text>
              {series.map((s, i) => {
                const value = group.values[i] ?? 0;
                const y = top + i * (BAR + BAR_GAP);
                const length = barLength(value, max, geometry.room);
                return (
                  <g key={s.key} data-series={s.key} data-value={value}>
                    <title>{`${s.label} · ${group.label}: ${group.valueLabels[i] ?? String(value)}`}</title>
                    <rect className={`bar series-${i % SERIES_COLOURS}`} x={geometry.barX(length)} y={y} width={length} height={BAR} rx={2} />
                    <text
                      className="bar-value bar-value-small"
                      x={geometry.valueX(length)}
                      y={y + BAR / 2}
                      dominantBaseline="central"
                      textAnchor={geometry.valueAnchor}
                    >
                      {group.valueLabels[i] ?? String(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend" data-testid={`${testId}-legend`}>
          {series.map((s, i) => (
            <li key={s.key} data-series={s.key}>
              <span className={`legend-swatch series-${i % SERIES_COLOURS}`} aria-hidden="true" />
              <bdi>{s.label}</bdi>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
