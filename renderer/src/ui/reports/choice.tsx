/** A small set of options as pills (a report's format, its days, its round): one radio group with its legend. */
export function Choice<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  testId,
}: {
  readonly legend: string;
  /** The radio group's name, unique on the screen. */
  readonly name: string;
  readonly options: readonly { readonly value: V; readonly label: string }[];
  readonly value: V;
  readonly onChange: (value: V) => void;
  /** Each option's test id is `<testId>-<value>`. */
  readonly testId: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="choice-row">
        {options.map((option) => (
          <label key={option.value} className="choice-pill">
            <input
              type="radio"
              name={name}
              value={option.value}
              data-testid={`${testId}-${option.value}`}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
