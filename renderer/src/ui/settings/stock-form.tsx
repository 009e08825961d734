/**
 * Stock received (or returned) at the site, recorded as a `stock` event: item
 * lines and the waybill reference. Each line is an item of the plan in force
 * in the plan's unit, picked from the kit's `planItems` rather than typed, so
 * the stock on hand is counted in the units handouts are (the kit refuses
 * anything else as `not-in-plan`).
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemLine } from '../../kit/api';
import { Field } from '../common/field';
import { formatItemLine, itemName, unitName } from '../common/format';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { QueryStatus } from '../common/query-status';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';

/** The event schema's code pattern, which a waybill reference follows. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_LINES = 50;

interface PlanItem {
  readonly code: string;
  readonly unit: string;
}

/** A plan item as the picker's value: codes never hold '|' (CODE_PATTERN), so the pair reads back unambiguously. */
const pickOf = (item: PlanItem): string => `${item.code}|${item.unit}`;

interface Line {
  readonly key: number;
  /** `pickOf` the chosen item; '' until one is chosen. */
  readonly item: string;
  readonly qty: string;
}

export function StockForm() {
  const { t } = useTranslation();
  const kit = useKit();
  const nextKey = useRef(2);
  const plan = useKitQuery((k) => k.planItems(), []);
  const byPick = useMemo(() => new Map((plan.data ?? []).map((item) => [pickOf(item), item])), [plan.data]);
  const [direction, setDirection] = useState<'received' | 'returned'>('received');
  const [lines, setLines] = useState<readonly Line[]>([{ key: 1, item: '', qty: '' }]);
  const [reference, setReference] = useState('');
  const [lineErrors, setLineErrors] = useState<Readonly<Record<number, string>>>({});
  const [referenceError, setReferenceError] = useState<string>();
  const [saved, setSaved] = useState<readonly ItemLine[]>();
  const submission = useSubmission();

  const update = (key: number, patch: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<number, string> = {};
    for (const line of lines) {
      if (!byPick.has(line.item)) problems[line.key] = t('stock.itemRequired');
      else if (!/^\d{1,7}$/.test(line.qty.trim()) || Number(line.qty) < 1) problems[line.key] = t('stock.qtyInvalid');
    }
    const refError = reference.trim() && !CODE_PATTERN.test(reference.trim()) ? t('stock.referenceInvalid') : undefined;
    setLineErrors(problems);
    setReferenceError(refError);
    submission.fail(undefined);
    setSaved(undefined);
    if (Object.keys(problems).length > 0 || refError) return;
    const items: ItemLine[] = lines.flatMap((line) => {
      const item = byPick.get(line.item);
      return item ? [{ code: item.code, unit: item.unit, qty: Number(line.qty) }] : [];
    });
    await submission.run(
      () => kit.recordStock({ direction, items, ...(reference.trim() ? { reference: reference.trim() } : {}) }),
      () => {
        setSaved(items);
        setLines([{ key: nextKey.current++, item: '', qty: '' }]);
        setReference('');
      },
    );
  };

  if (!plan.data || plan.data.length === 0) {
    return (
      <section className="panel" data-testid="stock-form" data-state={plan.data ? 'no-plan' : 'loading'} aria-labelledby="stock-title">
        <h3 id="stock-title">{t('stock.title')}</h3>
        <QueryStatus query={plan} />
        {plan.data && <p className="notice notice-warn">{t('stock.noPlan')}</p>}
      </section>
    );
  }

  return (
    <form
      className="panel"
      noValidate
      onSubmit={(event) => void submit(event)}
      data-testid="stock-form"
      data-state="ready"
      aria-labelledby="stock-title"
    >
      <h3 id="stock-title">{t('stock.title')}</h3>
      <Field label={t('stock.direction')} required>
        {(control) => (
          <select
            {...control}
            className="input"
            data-testid="stock-direction"
            value={direction}
            onChange={(event) => setDirection(event.target.value === 'returned' ? 'returned' : 'received')}
          >
            <option value="received">{t('stock.received')}</option>
            <option value="returned">{t('stock.returned')}</option>
          </select>
        )}
      </Field>
      {lines.map((line, index) => {
        const chosen = byPick.get(line.item);
        return (
          <div className="field-row stock-line" key={line.key} data-testid={`stock-line-${index}`}>
            <Field label={t('stock.item')} hint={index === 0 ? t('stock.itemHint') : undefined} error={lineErrors[line.key]} required className="grow">
              {(control) => (
                <select
                  {...control}
                  className="input"
                  data-testid={`stock-item-${index}`}
                  value={line.item}
                  onChange={(event) => update(line.key, { item: event.target.value })}
                >
                  <option value="" disabled>
                    {t('common.choose')}
                  </option>
                  {plan.data?.map((item) => (
                    <option key={pickOf(item)} value={pickOf(item)}>
                      {t('stock.itemInUnit', { item: itemName(item.code), unit: unitName(item.unit) })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label={chosen ? t('stock.quantityIn', { unit: unitName(chosen.unit) }) : t('stock.quantity')}
              required
              inputClassName="input input-qty"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              testId={`stock-qty-${index}`}
              value={line.qty}
              onChange={(qty) => update(line.key, { qty: qty.slice(0, 7) })}
            />
            {lines.length > 1 && (
              <button
                type="button"
                className="button button-quiet"
                aria-label={t('stock.removeLine', { n: index + 1 })}
                onClick={() => setLines((current) => current.filter((l) => l.key !== line.key))}
              >
                {t('common.remove')}
              </button>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="button"
        data-testid="stock-add-line"
        disabled={lines.length >= MAX_LINES}
        onClick={() => setLines((current) => [...current, { key: nextKey.current++, item: '', qty: '' }])}
      >
        {t('stock.addLine')}
      </button>
      <TextField
        label={t('stock.reference')}
        hint={t('stock.referenceHint')}
        error={referenceError}
        dir="ltr"
        autoComplete="off"
        maxLength={64}
        testId="stock-reference"
        value={reference}
        onChange={setReference}
      />
      <ErrorNotice testId="stock-error" message={submission.failure} />
      <DoneNotice testId="stock-saved" message={saved && `${t('stock.saved')} ${saved.map(formatItemLine).join(' · ')}`} />
      <SubmitActions label={t('stock.submit')} busy={submission.busy} testId="stock-submit" />
    </form>
  );
}
