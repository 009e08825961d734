/**
 * The fallback: find a household by its id when the card cannot be read.
 * A reason is required; it is recorded with the identity check, as is the
 * identity document the officer then checks (./document-check.tsx). Any edit
 * here is a new lookup on its way, so the screen drops the verdict it shows.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeField } from '../common/code-select';
import { LOOKUP_REASONS } from '../common/reasons';
import { TextField } from '../common/text-field';

/** Household ids are capitals, digits and '-': normalise what is typed to that. */
const normaliseHouseholdId = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 32);

export function LookupForm({
  onLookup,
  onEdit,
  busy,
}: {
  readonly onLookup: (household: string, reason: string) => void;
  readonly onEdit: () => void;
  readonly busy: boolean;
}) {
  const { t } = useTranslation();
  const [household, setHousehold] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ household?: string; reason?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: { household?: string; reason?: string } = {};
    if (household.length < 4) found.household = t('lookup.idInvalid');
    if (!reason) found.reason = t('lookup.reasonRequired');
    setErrors(found);
    if (found.household || found.reason) return;
    onLookup(household, reason);
    setHousehold('');
    setReason('');
  };

  return (
    <form className="subpanel" data-testid="lookup-form" noValidate onSubmit={submit} aria-labelledby="lookup-title">
      <h3 id="lookup-title">{t('lookup.title')}</h3>
      <TextField
        label={t('lookup.household')}
        error={errors.household}
        required
        inputClassName="input input-id"
        code
        testId="lookup-id"
        value={household}
        onChange={(text) => {
          setHousehold(normaliseHouseholdId(text));
          onEdit();
        }}
      />
      <CodeField
        label={t('lookup.reason')}
        error={errors.reason}
        group="reasons.lookup"
        codes={LOOKUP_REASONS}
        choose
        value={reason}
        onChange={(code) => {
          setReason(code);
          onEdit();
        }}
        testId="lookup-reason"
      />
      <div className="actions">
        <button type="submit" className="button" data-testid="lookup-submit" disabled={busy}>
          {t('lookup.submit')}
        </button>
      </div>
    </form>
  );
}
