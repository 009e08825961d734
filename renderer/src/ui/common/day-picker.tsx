/** Picking a day (today at the latest) for the tally and the day close. */
import { useTranslation } from 'react-i18next';
import { Field } from './field';
import { todayUtc } from './format';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function DayPicker({ testId, value, onChange }: { readonly testId: string; readonly value: string; readonly onChange: (day: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t('tally.day')} filter className="field-inline">
      {(control) => (
        <input
          {...control}
          className="input"
          type="date"
          data-testid={testId}
          value={value}
          max={todayUtc()}
          onChange={(event) => {
            // A half-typed or cleared date is not a day: the last one stays.
            if (DAY_PATTERN.test(event.target.value)) onChange(event.target.value);
          }}
        />
      )}
    </Field>
  );
}
