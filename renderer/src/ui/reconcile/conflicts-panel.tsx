/**
 * Double handouts: each household served twice (or more) in one round on
 * different devices, as a card with its handouts side by side. The lead
 * voids the one that should not count, or accepts them all with a reason;
 * either is a signed event that reaches every device.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoubleHandout } from '../../../../shared/reconcile';
import { errorText } from '../../i18n/codes';
import { ApprovalForm } from '../common/approval-form';
import { ACCEPT_REASONS } from '../common/reasons';
import { DeviceName, useDeviceLabel } from '../common/device-name';
import { formatCash, formatDateTime, formatItemLine, formatNumber, isolate, shortDevice } from '../common/format';
import { useKit } from '../kit-context';
import { usePeople } from '../people-context';
import { VoidHandoutForm } from '../common/void-handout-form';
import { conflictTestKey } from './keys';

type Action = { readonly kind: 'void'; readonly eventId: string; readonly device: string } | { readonly kind: 'accept' };

export function ConflictsPanel({ conflicts, onChanged }: { readonly conflicts: readonly DoubleHandout[]; readonly onChanged: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<{ readonly kind: 'voided' | 'accepted'; readonly household: string }>();
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The decision's form is gone: keyboard focus goes to what happened.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  return (
    <section className="panel" aria-labelledby="conflicts-title" data-testid="conflicts" data-count={conflicts.length}>
      <h3 id="conflicts-title">{t('reconcile.conflictsTitle')}</h3>
      <p className="field-hint">{t('reconcile.conflictsIntro')}</p>
      {done && (
        <p ref={doneRef} tabIndex={-1} className="notice notice-ok" role="status" data-testid="conflict-done" data-kind={done.kind} data-household={done.household}>
          {done.kind === 'voided'
            ? t('reconcile.voided', { household: isolate(done.household) })
            : t('reconcile.accepted', { household: isolate(done.household) })}
        </p>
      )}
      {conflicts.length === 0 ? (
        <p className="empty" data-testid="conflicts-none">
          {t('reconcile.noConflicts')}
        </p>
      ) : (
        <ul className="plain-list conflict-list">
          {conflicts.map((conflict) => (
            <li key={conflict.key}>
              <ConflictCard
                conflict={conflict}
                onDone={(kind) => {
                  setDone({ kind, household: conflict.household });
                  onChanged();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictCard({ conflict, onDone }: { readonly conflict: DoubleHandout; readonly onDone: (kind: 'voided' | 'accepted') => void }) {
  const { t } = useTranslation();
  const kit = useKit();
  const { operatorName } = usePeople();
  const deviceLabel = useDeviceLabel();
  const [action, setAction] = useState<Action>();
  const testKey = conflictTestKey(conflict.key);

  // The site's directory names operators of every laptop; an id is shown only where no name can be read here.
  const operatorText = (operator: string | null): string => (operator === null ? '—' : (operatorName(operator) ?? operator));

  return (
    <article
      className="conflict-card"
      data-testid={`conflict-${testKey}`}
      data-handouts={conflict.handouts.length}
      data-round={conflict.round}
      data-household={conflict.household}
      aria-labelledby={`conflict-title-${testKey}`}
    >
      <header className="conflict-head">
        <h4 id={`conflict-title-${testKey}`}>
          {t('reconcile.household')}{' '}
          <span className="mono" dir="ltr">
            {conflict.household}
          </span>
        </h4>
        <p className="field-hint">
          {t('reconcile.round')}{' '}
          <span className="mono" dir="ltr">
            {conflict.round}
          </span>{' '}
          · {t('reconcile.handoutCount', { n: formatNumber(conflict.handouts.length) })}
        </p>
      </header>
      {conflict.partlyAcceptedBy.length > 0 && (
        <p className="notice notice-warn" data-testid={`conflict-partly-${testKey}`}>
          {t('reconcile.partlyAccepted')}
        </p>
      )}
      <ol className="conflict-handouts plain-list">
        {conflict.handouts.map((h) => {
          const voiding = action?.kind === 'void' && action.eventId === h.id;
          return (
            <li
              key={h.id}
              className={voiding ? 'conflict-handout conflict-handout-active' : 'conflict-handout'}
              data-testid={`conflict-handout-${h.id}`}
              data-device={h.device}
            >
              <dl className="facts">
                <dt>{t('reconcile.device')}</dt>
                <dd data-testid={`conflict-laptop-${h.id}`}>
                  <DeviceName did={h.device} named />
                </dd>
                <dt>{t('reconcile.operator')}</dt>
                <dd data-testid={`conflict-operator-${h.id}`} data-operator={h.operator ?? ''}>
                  <bdi>{operatorText(h.operator)}</bdi>
                </dd>
                <dt>{t('reconcile.time')}</dt>
                <dd className="nowrap">{formatDateTime(h.at)}</dd>
                <dt>{t('reconcile.seq')}</dt>
                <dd className="mono" dir="ltr">
                  #{h.seq}
                </dd>
                <dt>{t('reconcile.given')}</dt>
                <dd>
                  <ul className="plain-list">
                    {h.items.map((line) => (
                      <li key={`${line.code}|${line.unit}`}>{formatItemLine(line)}</li>
                    ))}
                    {h.cash && <li>{formatCash(h.cash)}</li>}
                    {h.items.length === 0 && !h.cash && <li className="empty">{t('prior.nothing')}</li>}
                  </ul>
                  {h.correctedBy && <span className="badge">{t('reconcile.corrected')}</span>}
                </dd>
              </dl>
              <button
                type="button"
                className="button button-warn"
                data-testid={`conflict-void-${h.id}`}
                aria-expanded={voiding}
                onClick={() => setAction(voiding ? undefined : { kind: 'void', eventId: h.id, device: h.device })}
              >
                {t('reconcile.voidOne')}
              </button>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button"
          data-testid={`conflict-accept-${testKey}`}
          aria-expanded={action?.kind === 'accept'}
          onClick={() => setAction(action?.kind === 'accept' ? undefined : { kind: 'accept' })}
        >
          {t('reconcile.acceptAll')}
        </button>
      </div>
      {action?.kind === 'void' && (
        <VoidHandoutForm
          key={action.eventId}
          eventId={action.eventId}
          title={t('reconcile.voidTitle', { device: isolate(deviceLabel(action.device) ?? shortDevice(action.device), 'firstStrong') })}
          testIdPrefix="conflict-approval"
          onCancel={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            onDone('voided');
          }}
        />
      )}
      {action?.kind === 'accept' && (
        <ApprovalForm
          title={t('reconcile.acceptTitle')}
          hint={t('reconcile.acceptHint')}
          reasons={ACCEPT_REASONS}
          group="reasons.accept"
          confirmLabel={t('reconcile.acceptConfirm')}
          testIdPrefix="conflict-approval"
          onCancel={() => setAction(undefined)}
          failureText={(code) => (code === 'not-found' ? t('reconcile.conflictGone') : errorText(code))}
          run={(reason, lead) => kit.acceptConflict(conflict.key, reason, lead)}
          onDone={() => {
            setAction(undefined);
            onDone('accepted');
          }}
        />
      )}
    </article>
  );
}
