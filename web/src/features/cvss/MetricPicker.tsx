// One CVSS metric as a radio group: a fieldset whose legend names the metric, one labelled radio per value.
// Arrow keys move between the values (native radio behaviour); Tab moves to the next metric.
import type { Metric } from './metrics.ts';

interface Props {
  metric: Metric;
  /** Unique per calculator, so two calculators on one page keep their own groups. */
  idPrefix: string;
  value: string | undefined;
  onPick: (code: string) => void;
  disabled?: boolean;
}

export function MetricPicker({ metric, idPrefix, value, onPick, disabled }: Props) {
  const name = `${idPrefix}-${metric.key}`;
  return (
    <fieldset className="cvss-metric">
      <legend>
        {metric.name} <span className="cvss-code">({metric.key})</span>
      </legend>
      <div className="cvss-values">
        {metric.values.map((v) => {
          const id = `${name}-${v.code}`;
          return (
            <span className="cvss-value" key={v.code}>
              <input
                type="radio"
                id={id}
                name={name}
                value={v.code}
                checked={value === v.code}
                disabled={disabled}
                onChange={() => onPick(v.code)}
              />
              <label htmlFor={id}>
                {v.label} <span className="cvss-code">({v.code})</span>
              </label>
            </span>
          );
        })}
      </div>
    </fieldset>
  );
}
