/**
 * The handout after a passing check. The entitlement is pre-filled and the
 * Confirm button takes the focus, so a scan's Enter and one more Enter record
 * it. Giving less asks for a reason; an earlier handout in the round blocks,
 * shows what was given, and only a team lead's PIN and reason let it through.
 * "Saved" appears only after the kit has recorded the event.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cash, CheckPass, Entitlement, HandoutInput, ItemLine, PriorHandout } from '../../kit/kit-api';
import { errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { formatCash, formatNumber, isolate, itemName, majorAmountText, parseMajorAmount, unitName } from '../common/format';
import { LeadApproval, approvalErrors, emptyApproval, type Approval, type ApprovalErrors } from '../common/lead-approval';
import { ReasonSelect } from '../common/reason-select';
import { OVERRIDE_REASONS, PARTIAL_REASONS } from '../common/reasons';
import { useKit } from '../kit-context';
import { useLeads, useSession } from '../session-context';
import { PriorHandouts } from './prior-handouts';

export interface SavedHandout {
  readonly household: string;
  readonly eventId: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  readonly override: boolean;
}

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly code: string }
  | { readonly kind: 'ready'; readonly entitlement: Entitlement; readonly priors: readonly PriorHandout[] };

/** Whole, non-negative quantities only; '' counts as 0. */
function parseQty(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : undefined;
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
  const leads = useLeads();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [quantities, setQuantities] = useState<readonly string[]>([]);
  const [cashText, setCashText] = useState('');
  const [collector, setCollector] = useState<'head' | 'proxy'>('head');
  const [partialReason, setPartialReason] = useState('');
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [approval, setApproval] = useState<Approval>(() => emptyApproval(leads));
  const [approvalProblems, setApprovalProblems] = useState<ApprovalErrors>({});
  const [reasonError, setReasonError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const blockedRef = useRef<HTMLHeadingElement>(null);
  const reasonRef = useRef<HTMLDivElement>(null);
  const leadRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    let live = true;
    Promise.all([kit.entitlement(pass.household), kit.priorHandouts(pass.household)]).then(
      ([entitlement, priors]) => {
        if (!live) return;
        if (!entitlement.ok) {
          setLoad({ kind: 'error', code: entitlement.code });
          return;
        }
        setQuantities(entitlement.value.items.map((line) => String(line.qty)));
        setCashText(entitlement.value.cash ? majorAmountText(entitlement.value.cash) : '');
        setLoad({ kind: 'ready', entitlement: entitlement.value, priors });
      },
      () => {
        if (live) setLoad({ kind: 'error', code: 'internal' });
      },
    );
    return () => {
      live = false;
    };
  }, [kit, pass.household]);

  const ready = load.kind === 'ready' ? load : undefined;
  const blocked = (ready?.priors.length ?? 0) > 0;

  // Focus: Confirm when the handout can go ahead (Enter records it); the
  // blocking notice when it cannot (Enter then does nothing by accident).
  useEffect(() => {
    if (!ready) return;
    if (blocked) blockedRef.current?.focus();
    else confirmRef.current?.focus();
  }, [ready, blocked]);

  useEffect(() => {
    if (overrideOpen) leadRef.current?.focus();
  }, [overrideOpen]);

  useEffect(() => {
    onBlocked?.(blocked);
  }, [blocked, onBlocked]);

  const lines = useMemo(
    () =>
      ready
        ? ready.entitlement.items.map((line, index) => ({ line, qty: parseQty(quantities[index] ?? '') }))
        : [],
    [ready, quantities],
  );
  const cashAmount = ready?.entitlement.cash ? parseMajorAmount(cashText || '0', ready.entitlement.cash.currency) : undefined;
  const badLine = lines.find(({ line, qty }) => qty === undefined || qty > line.qty);
  const cashBad = ready?.entitlement.cash !== undefined && (cashAmount === undefined || cashAmount > ready.entitlement.cash.amount);
  const partial =
    lines.some(({ line, qty }) => qty !== undefined && qty < line.qty) ||
    (ready?.entitlement.cash !== undefined && cashAmount !== undefined && cashAmount < ready.entitlement.cash.amount);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || saving) return;
    setFailure(undefined);
    if (badLine || cashBad) {
      const over = (badLine?.qty !== undefined && badLine.qty > badLine.line.qty) || (cashBad && cashAmount !== undefined);
      setFailure(errorText(over ? 'over-entitlement' : 'bad-quantity'));
      return;
    }
    if (partial && !partialReason) {
      setReasonError(t('handout.partialReasonRequired'));
      reasonRef.current?.querySelector('select')?.focus();
      return;
    }
    setReasonError(undefined);
    if (blocked && !overrideOpen) {
      setFailure(errorText('already-received'));
      return;
    }
    if (overrideOpen) {
      const problems = approvalErrors(approval);
      setApprovalProblems(problems);
      if (Object.keys(problems).length > 0) return;
    }
    const items: ItemLine[] = lines
      .filter(({ qty }) => (qty ?? 0) > 0)
      .map(({ line, qty }) => ({ code: line.code, unit: line.unit, qty: qty ?? 0 }));
    const cash: Cash | undefined =
      ready.entitlement.cash && cashAmount !== undefined && cashAmount > 0
        ? { amount: cashAmount, currency: ready.entitlement.cash.currency }
        : undefined;
    if (items.length === 0 && !cash) {
      setFailure(errorText('nothing-to-give'));
      return;
    }
    const input: HandoutInput = {
      household: pass.household,
      checkId: pass.checkId,
      items,
      ...(cash ? { cash } : {}),
      collector,
      ...(partial ? { partialReason } : {}),
      ...(overrideOpen ? { override: { leadId: approval.leadId, pin: approval.pin, reason: approval.reason } } : {}),
    };
    setSaving(true);
    try {
      const result = await kit.recordHandout(input);
      if (result.ok) {
        onSaved({ household: pass.household, eventId: result.value.eventId, items, ...(cash ? { cash } : {}), override: overrideOpen });
        return;
      }
      switch (result.code) {
        case 'already-received': {
          // Someone (another device, a sync) got there first: show what they recorded.
          const priors = await kit.priorHandouts(pass.household).catch(() => ready.priors);
          setLoad({ ...ready, priors });
          setFailure(errorText('already-received'));
          break;
        }
        case 'bad-pin':
          setApproval((current) => ({ ...current, pin: '' }));
          setApprovalProblems({ pin: errorText('bad-pin') });
          break;
        case 'needs-reason':
          if (overrideOpen && !approval.reason) setApprovalProblems({ reason: t('approval.reasonRequired') });
          else setReasonError(t('handout.partialReasonRequired'));
          break;
        case 'locked':
          session.lock();
          return;
        default:
          setFailure(errorText(result.code));
      }
    } catch {
      setFailure(errorText('internal'));
    }
    setSaving(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (overrideOpen) {
      setOverrideOpen(false);
      setApprovalProblems({});
    } else {
      onCancel();
    }
  };

  if (load.kind === 'loading') {
    return (
      <p className="handout-loading" data-testid="handout" data-state="loading">
        {t('handout.loading')}
      </p>
    );
  }
  if (load.kind === 'error') {
    return (
      <div className="notice notice-error" role="alert" data-testid="handout" data-state="error" data-code={load.code}>
        <p>{errorText(load.code)}</p>
        <button type="button" className="button" onClick={onCancel}>
          {t('handout.next')}
        </button>
      </div>
    );
  }

  const { entitlement, priors } = load;
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
        <table className="table handout-table">
          <thead>
            <tr>
              <th scope="col">{t('handout.item')}</th>
              <th scope="col">{t('handout.entitled')}</th>
              <th scope="col">{t('handout.give')}</th>
            </tr>
          </thead>
          <tbody>
            {entitlement.items.map((line, index) => {
              const qty = parseQty(quantities[index] ?? '');
              const invalid = qty === undefined || qty > line.qty;
              const inputId = `handout-qty-${index}`;
              return (
                <tr key={`${line.code}|${line.unit}`}>
                  <th scope="row">
                    <label htmlFor={inputId}>{itemName(line.code)}</label>
                  </th>
                  <td className="num">
                    {formatNumber(line.qty)} {unitName(line.unit)}
                  </td>
                  <td>
                    <span className="qty-cell">
                      <input
                        id={inputId}
                        className="input input-qty"
                        type="text"
                        inputMode="numeric"
                        dir="ltr"
                        autoComplete="off"
                        data-testid={`handout-qty-${line.code}`}
                        aria-invalid={invalid || undefined}
                        value={quantities[index] ?? ''}
                        onFocus={(event) => event.currentTarget.select()}
                        onChange={(event) =>
                          setQuantities((current) => current.map((q, i) => (i === index ? event.target.value.slice(0, 7) : q)))
                        }
                      />
                      <span>{unitName(line.unit)}</span>
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {entitlement.cash && (
        <Field
          label={t('handout.cash', { currency: entitlement.cash.currency })}
          hint={t('handout.cashEntitled', { amount: formatCash(entitlement.cash) })}
          error={cashBad ? errorText(cashAmount === undefined ? 'bad-quantity' : 'over-entitlement') : undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              className="input input-qty"
              type="text"
              inputMode="decimal"
              dir="ltr"
              autoComplete="off"
              data-testid="handout-cash"
              value={cashText}
              onChange={(event) => setCashText(event.target.value.slice(0, 18))}
            />
          )}
        </Field>
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
          <Field label={t('handout.partialReason')} hint={t('handout.partialHint')} error={reasonError} required>
            {(control) => (
              <ReasonSelect
                control={control}
                group="reasons.partial"
                reasons={PARTIAL_REASONS}
                value={partialReason}
                onChange={(reason) => {
                  setPartialReason(reason);
                  setReasonError(undefined);
                }}
                testId="handout-partial-reason"
              />
            )}
          </Field>
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
          <LeadApproval
            value={approval}
            onChange={(next) => {
              setApproval(next);
              setApprovalProblems({});
            }}
            reasons={OVERRIDE_REASONS}
            group="reasons.override"
            testIdPrefix="override"
            errors={approvalProblems}
            firstRef={leadRef}
          />
        </fieldset>
      )}

      {failure && (
        <p className="notice notice-error" role="alert" data-testid="handout-error">
          {failure}
        </p>
      )}

      <div className="actions">
        <button
          ref={confirmRef}
          type="submit"
          className="button button-primary button-large"
          data-testid="handout-confirm"
          disabled={saving || (blocked && !overrideOpen)}
        >
          {saving ? t('common.saving') : overrideOpen ? t('handout.confirmOverride') : t('handout.confirm')}
        </button>
        <button type="button" className="button button-quiet" data-testid="handout-cancel" onClick={onCancel}>
          {t('handout.cancel')}
        </button>
      </div>
      <p className="field-hint">{t('handout.keys')}</p>
    </form>
  );
}
