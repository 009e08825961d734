/**
 * The handout after a passing check. The entitlement is pre-filled and the
 * Confirm button takes the focus, so a scan's Enter and one more Enter record
 * it. Giving less asks for a reason; an earlier handout in the round blocks,
 * shows what was given, and only a team lead's PIN and reason let it through.
 * Giving more than the stock on hand is warned of, not blocked.
 * "Saved" appears only after the kit has recorded the event.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../../../../shared/result';
import type { Cash, CheckPass, HandoutInput, ItemLine } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { formatCash, isolate, majorAmountText } from '../common/format';
import { LeadApproval, leadPinOf, useApproval } from '../common/lead-approval';
import { ErrorNotice } from '../common/notice';
import { CodeField } from '../common/code-select';
import { OVERRIDE_REASONS, PARTIAL_REASONS } from '../common/reasons';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { useCodeChoice } from '../common/use-code-choice';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { useSession } from '../session-context';
import { EntitlementLines } from './entitlement-lines';
import { cashProblem, givenOf, quantityProblem, readHandout, typedIsPartial } from './handout-quantities';
import { PriorHandouts } from './prior-handouts';
import { StockWarning } from './stock-warning';

type PartialReason = (typeof PARTIAL_REASONS)[number];

export interface SavedHandout {
  readonly household: string;
  readonly eventId: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  readonly override: boolean;
}

export function HandoutForm({
  pass,
  onSaved,
  onCancel,
  onBlocked,
}: {
  readonly pass: CheckPass;
  readonly onSaved: (saved: SavedHandout) => void;
  readonly onCancel: () => void;
  /** Told whether an earlier handout in the round blocks this one. */
  readonly onBlocked?: (blocked: boolean) => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const session = useSession();
  const load = useKitQuery(
    async (k) => {
      const [entitlement, priors] = await Promise.all([k.entitlement(pass.household), k.priorHandouts(pass.household)]);
      return entitlement.ok ? ok({ entitlement: entitlement.value, priors }) : entitlement;
    },
    [pass.household],
  );
  // What was typed over the pre-filled entitlement, by line.
  const [typedQuantities, setTypedQuantities] = useState<Readonly<Record<number, string>>>({});
  const [typedCash, setTypedCash] = useState<string>();
  const [collector, setCollector] = useState<'head' | 'proxy'>('head');
  const partialReason = useCodeChoice<PartialReason>();
  const [overrideOpen, setOverrideOpen] = useState(false);
  const approval = useApproval();
  const submission = useSubmission();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const blockedRef = useRef<HTMLHeadingElement>(null);
  const reasonRef = useRef<HTMLDivElement>(null);

  const ready = load.data;
  const blocked = (ready?.priors.length ?? 0) > 0;

  // Focus: Confirm when the handout can go ahead (Enter records it); the
  // blocking notice when it cannot (Enter then does nothing by accident).
  useEffect(() => {
    if (!ready) return;
    if (blocked) blockedRef.current?.focus();
    else confirmRef.current?.focus();
  }, [ready, blocked]);

  useEffect(() => {
    onBlocked?.(blocked);
  }, [blocked, onBlocked]);

  if (!ready) {
    if (!load.error) {
      return (
        <p className="handout-loading" data-testid="handout" data-state="loading">
          {t('handout.loading')}
        </p>
      );
    }
    return (
      <div className="notice notice-error" role="alert" data-testid="handout" data-state="error" data-code={load.error.code}>
        <p>{errorText(load.error.code)}</p>
        <button type="button" className="button" onClick={onCancel}>
          {t('handout.next')}
        </button>
      </div>
    );
  }

  const { entitlement, priors } = ready;
  const quantities = entitlement.items.map((line, index) => typedQuantities[index] ?? String(line.qty));
  const cashText = typedCash ?? (entitlement.cash ? majorAmountText(entitlement.cash) : '');
  const typed = readHandout(entitlement, quantities, cashText);
  const partial = typedIsPartial(typed, entitlement);
  const cashError = cashProblem(typed, entitlement);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submission.busy) return;
    submission.fail(undefined);
    const problem = quantityProblem(typed, entitlement);
    if (problem) {
      submission.fail(errorText(problem));
      return;
    }
    if (partial && !partialReason.value) {
      partialReason.showError(t('handout.partialReasonRequired'));
      reasonRef.current?.querySelector('select')?.focus();
      return;
    }
    partialReason.showError(undefined);
    if (blocked && !overrideOpen) {
      submission.fail(errorText('already-received'));
      return;
    }
    if (overrideOpen && !approval.check()) return;
    const given = givenOf(typed);
    const input: HandoutInput = {
      household: pass.household,
      checkId: pass.checkId,
      ...given,
      collector,
      ...(partial ? { partialReason: partialReason.value } : {}),
      ...(overrideOpen ? { override: { ...leadPinOf(approval.value), reason: approval.value.reason } } : {}),
    };
    await submission.run(
      () => kit.recordHandout(input),
      (saved) => onSaved({ household: pass.household, eventId: saved.eventId, ...given, override: overrideOpen }),
      {
        leaving: true,
        refused: (code) => {
          switch (code) {
            case 'already-received':
              // Someone (another device, a sync) got there first: show what they recorded.
              load.reload();
              return false;
            case 'bad-pin':
              approval.wrongPin();
              return true;
            case 'needs-reason':
              // At the reason field the kit found missing; without such a field on screen, under the form.
              if (overrideOpen && !approval.value.reason) approval.showErrors({ reason: t('approval.reasonRequired') });
              else if (partial) partialReason.showError(t('handout.partialReasonRequired'));
              else return false;
              return true;
            case 'locked':
              session.lock();
              return true;
            default:
              return false;
          }
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (overrideOpen) {
      setOverrideOpen(false);
      approval.showErrors({});
    } else {
      onCancel();
    }
  };

  return (
    <form
      className="handout"
      data-testid="handout"
      data-state={blocked ? (overrideOpen ? 'override' : 'blocked') : 'ready'}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      aria-labelledby="handout-title"
    >
      <h3 id="handout-title">{t('handout.title', { round: isolate(entitlement.round) })}</h3>

      {blocked && <PriorHandouts priors={priors} headingRef={blockedRef} />}

      {entitlement.items.length > 0 && (
        <EntitlementLines
          lines={typed.lines}
          texts={quantities}
          entitlement={entitlement}
          onChange={(index, text) => setTypedQuantities((current) => ({ ...current, [index]: text }))}
        />
      )}

      <StockWarning lines={givenOf(typed).items} />

      {entitlement.cash && (
        <TextField
          label={t('handout.cash', { currency: isolate(entitlement.cash.currency) })}
          hint={t('handout.cashEntitled', { amount: formatCash(entitlement.cash) })}
          error={cashError && errorText(cashError)}
          required
          inputClassName="input input-qty"
          type="text"
          inputMode="decimal"
          dir="ltr"
          autoComplete="off"
          testId="handout-cash"
          value={cashText}
          onChange={(text) => setTypedCash(text.slice(0, 18))}
        />
      )}

      <fieldset className="collector">
        <legend>{t('handout.collector')}</legend>
        <div className="choice-row">
          {(['head', 'proxy'] as const).map((who) => (
            <label key={who} className="choice-pill">
              <input
                type="radio"
                name="collector"
                value={who}
                data-testid={`handout-collector-${who}`}
                checked={collector === who}
                onChange={() => setCollector(who)}
              />
              <span>{who === 'head' ? t('handout.collectorHead') : t('handout.collectorProxy')}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {partial && (
        <div ref={reasonRef}>
          <CodeField
            label={t('handout.partialReason')}
            hint={t('handout.partialHint')}
            group="reasons.partial"
            codes={PARTIAL_REASONS}
            testId="handout-partial-reason"
            {...partialReason.field}
          />
        </div>
      )}

      {blocked && !overrideOpen && (
        <div className="actions">
          <button type="button" className="button button-warn" data-testid="handout-override" onClick={() => setOverrideOpen(true)}>
            {t('handout.override')}
          </button>
        </div>
      )}

      {overrideOpen && (
        <fieldset className="override" data-testid="override">
          <legend>{t('handout.overrideTitle')}</legend>
          <p className="field-hint">{t('handout.overrideHint')}</p>
          <LeadApproval approval={approval} reasons={OVERRIDE_REASONS} group="reasons.override" testIdPrefix="override" />
        </fieldset>
      )}

      <ErrorNotice testId="handout-error" message={submission.failure} />

      <SubmitActions
        label={overrideOpen ? t('handout.confirmOverride') : t('handout.confirm')}
        busy={submission.busy}
        testId="handout-confirm"
        large
        disabled={blocked && !overrideOpen}
        buttonRef={confirmRef}
        cancel={{ label: t('handout.cancel'), testId: 'handout-cancel', onClick: onCancel }}
      />
      <p className="field-hint">{t('handout.keys')}</p>
    </form>
  );
}
