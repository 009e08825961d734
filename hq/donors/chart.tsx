/**
 * A bar chart in SVG (no chart library: a few rectangles), with a table of
 * the same figures beside it: the table is what a screen reader reads and
 * what a visitor copies; the chart is named by its title and says the table
 * holds its figures. Bars are sized by viewBox arithmetic, never by inline
 * styles (the CSP allows none).
 */
import { useId } from 'react';
import { t } from './strings';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** How the value is written in the table and the bar's tooltip. */
  readonly text: string;
}

const WIDTH = 360;
const HEIGHT = 160;
const PAD = { top: 10, right: 8, bottom: 28, left: 8 };

export function BarChart({ title, bars, columns, testId }: { readonly title: string; readonly bars: readonly Bar[]; readonly columns: readonly [string, string]; readonly testId: string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = bars.length === 0 ? plotWidth : plotWidth / bars.length;
  const barWidth = Math.max(2, step * 0.7);
  return (
    <figure className="chart-pair" data-testid={testId}>
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t('chart.summary')}</desc>
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        {bars.map((b, i) => {
          const h = (b.value / max) * plotHeight;
          const x = PAD.left + i * step + (step - barWidth) / 2;
          return (
            <g key={b.label}>
              <rect className="bar" x={x} y={HEIGHT - PAD.bottom - h} width={barWidth} height={h}>
                <title>{`${b.label}: ${b.text}`}</title>
              </rect>
              {bars.length <= 14 && <text x={x + barWidth / 2} y={HEIGHT - PAD.bottom + 12} textAnchor="middle">{b.label.slice(5)}</text>}
            </g>
          );
        })}
      </svg>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr><th scope="col">{columns[0]}</th><th scope="col">{columns[1]}</th></tr>
        </thead>
        <tbody>
          {bars.map((b) => <tr key={b.label}><th scope="row">{b.label}</th><td>{b.text}</td></tr>)}
        </tbody>
      </table>
    </figure>
  );
}
