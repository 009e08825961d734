/** A − n + counter with big buttons for one age band × sex group. */
import { useTranslation } from 'react-i18next';
import { MAX_MEMBERS_PER_GROUP } from './vocabulary';

export function MemberCounter({
  label,
  value,
  onChange,
  testId,
}: {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const set = (next: number) => onChange(Math.max(0, Math.min(MAX_MEMBERS_PER_GROUP, Math.trunc(next) || 0)));
  return (
    <div className="counter" role="group" aria-label={label}>
      <button
        type="button"
        className="counter-button"
        aria-label={t('enrol.decrease', { label })}
        disabled={value <= 0}
        onClick={() => set(value - 1)}
      >
        −
      </button>
      <input
        className="input counter-input"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_MEMBERS_PER_GROUP}
        aria-label={label}
        data-testid={testId}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => set(Number(event.target.value))}
      />
      <button
        type="button"
        className="counter-button"
        aria-label={t('enrol.increase', { label })}
        disabled={value >= MAX_MEMBERS_PER_GROUP}
        onClick={() => set(value + 1)}
      >
        +
      </button>
    </div>
  );
}
