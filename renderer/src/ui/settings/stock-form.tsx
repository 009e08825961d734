/** Stock received (or returned) at the site: item lines and the waybill reference, recorded as a `stock` event. */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemLine } from '../../kit/api';
import { codesOf } from '../../i18n/codes';
import { Field } from '../common/field';
import { formatItemLine, itemName, todayUtc, unitName } from '../common/format';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';

/** The event schema's code pattern (item codes, units, waybill references). */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_LINES = 50;

interface Line {
  readonly key: number;
  readonly code: string;
  readonly qty: string;
  readonly unit: string;
}

export function StockForm() {
  const { t } = useTranslation();
  const kit = useKit();
  const listId = useId();
  const unitListId = useId();
  const nextKey = useRef(2);
  const [direction, setDirection] = useState<'received' | 'returned'>('received');
  const [lines, setLines] = useState<readonly Line[]>([{ key: 1, code: '', qty: '', unit: 'kg' }]);
  const [reference, setReference] = useState('');
  const [lineErrors, setLineErrors] = useState<Readonly<Record<number, string>>>({});
  const [referenceError, setReferenceError] = useState<string>();
  const [saved, setSaved] = useState<readonly ItemLine[]>();
  const submission = useSubmission();

  // Offer the codes the site already deals in (today's tally) before the generic list;
  // a tally the kit cannot give (locked, overflow) only leaves the generic list.
  const { data: tally } = useKitQuery((k) => k.tally(todayUtc()), []);
  const knownCodes = useMemo(
    () => [...new Set([...(tally?.stock.map((s) => s.code) ?? []), ...(tally?.byItem.map((i) => i.code) ?? []), ...codesOf('items')])],
    [tally],
  );

  const update = (key: number, patch: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<number, string> = {};
    for (const line of lines) {
      if (!CODE_PATTERN.test(line.code.trim())) problems[line.key] = t('stock.codeInvalid');
      else if (!/^\d{1,7}$/.test(line.qty.trim()) || Number(line.qty) < 1) problems[line.key] = t('stock.qtyInvalid');
      else if (!CODE_PATTERN.test(line.unit.trim())) problems[line.key] = t('stock.unitInvalid');
    }
    const refError = reference.trim() && !CODE_PATTERN.test(reference.trim()) ? t('stock.referenceInvalid') : undefined;
    setLineErrors(problems);
    setReferenceError(refError);
    submission.fail(undefined);
    setSaved(undefined);
    if (Object.keys(problems).length > 0 || refError) return;
    const items: ItemLine[] = lines.map((line) => ({ code: line.code.trim(), qty: Number(line.qty), unit: line.unit.trim() }));
    await submission.run(
      () => kit.recordStock({ direction, items, ...(reference.trim() ? { reference: reference.trim() } : {}) }),
      () => {
        setSaved(items);
        setLines([{ key: nextKey.current++, code: '', qty: '', unit: 'kg' }]);
        setReference('');
      },
    );
  };

  return (
    <form className="panel" noValidate onSubmit={(event) => void submit(event)} data-testid="stock-form" aria-labelledby="stock-title">
      <h3 id="stock-title">{t('stock.title')}</h3>
      <datalist id={listId}>
        {knownCodes.map((code) => (
          <option key={code} value={code}>
            {itemName(code)}
          </option>
        ))}
      </datalist>
      <datalist id={unitListId}>
        {codesOf('units').map((code) => (
          <option key={code} value={code}>
            {unitName(code)}
          </option>
        ))}
      </datalist>
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
      {lines.map((line, index) => (
        <div className="field-row stock-line" key={line.key} data-testid={`stock-line-${index}`}>
          <TextField
            label={t('stock.item')}
            hint={line.code && itemName(line.code) !== line.code ? itemName(line.code) : undefined}
            error={lineErrors[line.key]}
            required
            className="grow"
            code
            list={listId}
            maxLength={64}
            testId={`stock-code-${index}`}
            value={line.code}
            onChange={(code) => update(line.key, { code })}
          />
          <TextField
            label={t('stock.quantity')}
            required
            inputClassName="input input-qty"
            inputMode="numeric"
            dir="ltr"
            autoComplete="off"
            testId={`stock-qty-${index}`}
            value={line.qty}
            onChange={(qty) => update(line.key, { qty: qty.slice(0, 7) })}
          />
          <TextField
            label={t('stock.unit')}
            required
            inputClassName="input input-short"
            dir="ltr"
            list={unitListId}
            autoComplete="off"
            maxLength={16}
            testId={`stock-unit-${index}`}
            value={line.unit}
            onChange={(unit) => update(line.key, { unit })}
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
      ))}
      <button
        type="button"
        className="button"
        data-testid="stock-add-line"
        disabled={lines.length >= MAX_LINES}
        onClick={() => setLines((current) => [...current, { key: nextKey.current++, code: '', qty: '', unit: 'kg' }])}
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
