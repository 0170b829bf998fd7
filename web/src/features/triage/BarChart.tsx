// A horizontal bar chart drawn as plain SVG (geometry in attributes, colours from CSS classes: nothing inline,
// so the strict Content-Security-Policy holds). The drawing is hidden from assistive technology; the same
// numbers follow as a table for screen readers.

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** CSS class for the bar's colour. */
  className?: string;
}

interface Props {
  id: string;
  title: string;
  bars: readonly Bar[];
  /** What is counted, for the table's header ("Open reports"). */
  unit: string;
}

const WIDTH = 640;
const LABEL = 150;
const ROW = 30;
const BAR = 20;
const VALUE_SPACE = 48;

export function BarChart({ id, title, bars, unit }: Props) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const span = WIDTH - LABEL - VALUE_SPACE;
  const height = bars.length * ROW + 4;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${height}`} aria-hidden="true" focusable="false">
        <line className="chart-axis" x1={LABEL} y1={0} x2={LABEL} y2={height} />
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = b.count === 0 ? 0 : Math.max(3, Math.round((b.count / max) * span));
          return (
            <g key={b.key}>
              <text className="bar-label" x={LABEL - 8} y={y + BAR / 2} textAnchor="end" dominantBaseline="middle">
                {b.label}
              </text>
              <rect className={`bar ${b.className ?? ''}`} x={LABEL} y={y} width={w} height={BAR} rx={3} />
              <text className="bar-value" x={LABEL + w + 6} y={y + BAR / 2} dominantBaseline="middle">
                {b.count}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.key}>
              <th scope="row">{b.label}</th>
              <td>{b.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
