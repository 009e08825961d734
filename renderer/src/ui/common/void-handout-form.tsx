/**
 * Voiding one handout (Tally screen, a double handout on Reconcile): a team
 * lead's PIN and a void reason, recorded as a `void` event.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useKit } from '../kit-context';
import { ApprovalForm } from './approval-form';
import { VOID_REASONS } from './reasons';

export function VoidHandoutForm({
  eventId,
  title,
  testIdPrefix,
  testId,
  onDone,
  onCancel,
}: {
  /** The handout event to void. */
  readonly eventId: string;
  readonly title: ReactNode;
  readonly testIdPrefix: string;
  readonly testId?: string;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  return (
    <ApprovalForm
      title={title}
      hint={t('tally.voidHint')}
      reasons={VOID_REASONS}
      group="reasons.void"
      confirmLabel={t('tally.voidConfirm')}
      danger
      testIdPrefix={testIdPrefix}
      testId={testId}
      run={(reason, lead) => kit.voidHandout(eventId, reason, lead)}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
