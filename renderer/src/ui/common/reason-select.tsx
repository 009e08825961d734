/** A required choice among reason codes, shown translated. */
import { useTranslation } from 'react-i18next';
import { codeLabel, type CodeGroup } from '../../i18n/codes';
import type { ControlProps } from './field';

export function ReasonSelect({
  control,
  group,
  reasons,
  value,
  onChange,
  testId,
}: {
  readonly control: ControlProps;
  readonly group: CodeGroup;
  readonly reasons: readonly string[];
  readonly value: string;
  readonly onChange: (reason: string) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <select {...control} className="input" data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="" disabled>
        {t('common.choose')}
      </option>
      {reasons.map((reason) => (
        <option key={reason} value={reason}>
          {codeLabel(group, reason)}
        </option>
      ))}
    </select>
  );
}
