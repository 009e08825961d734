/**
 * A lookup without a card (issue 11): before the check is recorded, the
 * officer compares an identity document with the household's record shown
 * here and says which document it was; the kit records it with the check
 * and refuses a lookup without one (`needs-document`). Where this laptop
 * cannot open the record, it says so: the document is still recorded.
 */
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IDENTITY_DOCUMENTS, type HouseholdForm } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { CodeField } from '../common/code-select';
import { SubmitActions } from '../common/submit-actions';
import { useCodeChoice } from '../common/use-code-choice';
import { HolderFacts } from './holder';

type IdentityDocument = (typeof IDENTITY_DOCUMENTS)[number];

export function DocumentCheck({
  household,
  reason,
  holder,
  onConfirm,
  onCancel,
}: {
  readonly household: string;
  readonly reason: string;
  /** The household's record; absent when this laptop cannot open it. */
  readonly holder: HouseholdForm | undefined;
  readonly onConfirm: (document: IdentityDocument) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const document = useCodeChoice<IdentityDocument>();
  const formRef = useRef<HTMLFormElement>(null);

  // The next thing to do is to pick the document: no reach for the mouse.
  useEffect(() => formRef.current?.querySelector('select')?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const picked = document.required(t('lookup.documentRequired'));
    if (picked) onConfirm(picked);
  };

  return (
    <form
      ref={formRef}
      className="document-check"
      data-testid="lookup-document-step"
      data-household={household}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-labelledby="document-check-title"
    >
      <h3 id="document-check-title">{t('lookup.documentTitle')}</h3>
      <p className="verdict-id" dir="ltr">
        {household}
      </p>
      <p className="verdict-detail">
        {t('lookup.reason')}: {codeLabel('reasons.lookup', reason)}
      </p>
      <div className="verdict-holder" data-testid="lookup-document-holder" data-state={holder ? 'open' : 'sealed'}>
        {holder ? (
          <HolderFacts holder={holder} />
        ) : (
          <p className="notice notice-warn">{t('lookup.sealed')}</p>
        )}
      </div>
      <p className="field-hint">{t('lookup.documentHint')}</p>
      <CodeField label={t('lookup.document')} group="reasons.document" codes={IDENTITY_DOCUMENTS} testId="lookup-document" {...document.field} />
      <SubmitActions
        label={t('lookup.confirm')}
        busy={false}
        testId="lookup-confirm"
        large
        cancel={{ label: t('common.cancel'), testId: 'lookup-cancel', onClick: onCancel }}
      />
    </form>
  );
}
