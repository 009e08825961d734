/**
 * The fields of a household record: the head, contact, shelter, members by
 * age band and sex (the size is their sum), vulnerabilities and up to three
 * proxy collectors. Enrolment and a lead's correction both edit a `Draft`
 * through them; `testIdPrefix` keeps their test ids apart (`enrol-…`, `correct-…`).
 */
import { useTranslation } from 'react-i18next';
import { codeLabel } from '../../i18n/codes';
import { CodeField } from '../common/code-select';
import { formatNumber } from '../common/format';
import { TextField } from '../common/text-field';
import { draftSize, type Draft, type DraftErrors, type DraftProxy } from './household-draft';
import { MemberCounter } from './member-counter';
import { AGE_BANDS, HEAD_SEXES, MAX_PROXIES, MEMBER_SEXES, NAME_MAX, RELATION_MAX, SHELTER_MAX, VULNERABILITIES } from './vocabulary';

export function HouseholdFields({
  draft,
  onChange,
  errors,
  testIdPrefix,
  autoFocus = false,
}: {
  readonly draft: Draft;
  readonly onChange: (draft: Draft) => void;
  readonly errors: DraftErrors;
  readonly testIdPrefix: string;
  readonly autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = (name: string) => `${testIdPrefix}-${name}`;
  const thisYear = new Date().getFullYear();
  const size = draftSize(draft);
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const updateProxy = (key: number, patch: Partial<DraftProxy>) =>
    set({ proxies: draft.proxies.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  const nextProxyKey = Math.max(0, ...draft.proxies.map((p) => p.key)) + 1;

  return (
    <>
      <fieldset>
        <legend>{t('enrol.headSection')}</legend>
        <div className="field-row">
          <TextField
            label={t('enrol.headName')}
            error={errors.headName}
            required
            className="grow"
            autoFocus={autoFocus}
            autoComplete="off"
            maxLength={NAME_MAX}
            testId={id('head-name')}
            value={draft.headName}
            onChange={(headName) => set({ headName })}
          />
          <CodeField
            label={t('enrol.headSex')}
            group="sex"
            codes={HEAD_SEXES}
            value={draft.headSex}
            onChange={(headSex) => set({ headSex })}
            testId={id('head-sex')}
          />
          <TextField
            label={t('enrol.birthYear')}
            error={errors.birthYear}
            inputClassName="input input-short"
            type="number"
            inputMode="numeric"
            min={thisYear - 120}
            max={thisYear}
            dir="ltr"
            testId={id('birth-year')}
            value={draft.birthYear}
            onChange={(text) => set({ birthYear: text.slice(0, 4) })}
          />
        </div>
        <div className="field-row">
          <TextField
            label={t('enrol.phone')}
            error={errors.phone}
            className="grow"
            type="tel"
            dir="ltr"
            autoComplete="off"
            maxLength={40}
            testId={id('phone')}
            value={draft.phone}
            onChange={(phone) => set({ phone })}
          />
          <TextField
            label={t('enrol.shelter')}
            hint={t('enrol.shelterHint')}
            error={errors.shelter}
            required
            className="grow"
            autoComplete="off"
            maxLength={SHELTER_MAX}
            testId={id('shelter')}
            value={draft.shelter}
            onChange={(shelter) => set({ shelter })}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('enrol.membersSection')}</legend>
        <p className="field-hint">{t('enrol.membersHint')}</p>
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">{t('enrol.ageBand')}</th>
              {MEMBER_SEXES.map((sex) => (
                <th key={sex} scope="col">
                  {codeLabel('sex', sex)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {AGE_BANDS.map((band) => (
              <tr key={band}>
                <th scope="row">{codeLabel('ageBands', band)}</th>
                {MEMBER_SEXES.map((sex) => (
                  <td key={sex}>
                    <MemberCounter
                      label={t('enrol.memberGroup', { sex: codeLabel('sex', sex), band: codeLabel('ageBands', band) })}
                      testId={id(`members-${band}-${sex}`)}
                      value={draft.members[`${band}|${sex}`]}
                      onChange={(value) => set({ members: { ...draft.members, [`${band}|${sex}`]: value } })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="size-line" aria-live="polite">
          {t('enrol.size')}:{' '}
          <output className="size-value" data-testid={id('size')} data-size={size}>
            {formatNumber(size)}
          </output>
        </p>
        {errors.size && (
          <p className="field-error" role="alert">
            {errors.size}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('enrol.vulnerabilitiesSection')}</legend>
        <div className="checkbox-grid">
          {VULNERABILITIES.map((code) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                data-testid={id(`vulnerability-${code}`)}
                checked={draft.vulnerabilities.includes(code)}
                onChange={(event) =>
                  set({
                    vulnerabilities: event.target.checked
                      ? [...draft.vulnerabilities, code]
                      : draft.vulnerabilities.filter((c) => c !== code),
                  })
                }
              />
              <span>{codeLabel('vulnerabilities', code)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('enrol.proxiesSection')}</legend>
        <p className="field-hint">{t('enrol.proxiesHint', { max: MAX_PROXIES })}</p>
        {draft.proxies.map((proxy, index) => (
          <div className="field-row proxy-row" key={proxy.key} data-testid={id(`proxy-${index}`)}>
            <TextField
              label={t('enrol.proxyName', { n: index + 1 })}
              required
              className="grow"
              autoComplete="off"
              maxLength={NAME_MAX}
              testId={id(`proxy-name-${index}`)}
              value={proxy.name}
              onChange={(name) => updateProxy(proxy.key, { name })}
            />
            <TextField
              label={t('enrol.proxyRelation')}
              className="grow"
              autoComplete="off"
              maxLength={RELATION_MAX}
              testId={id(`proxy-relation-${index}`)}
              value={proxy.relation}
              onChange={(relation) => updateProxy(proxy.key, { relation })}
            />
            <button
              type="button"
              className="button button-quiet"
              aria-label={t('enrol.removeProxy', { n: index + 1 })}
              onClick={() => set({ proxies: draft.proxies.filter((p) => p.key !== proxy.key) })}
            >
              {t('common.remove')}
            </button>
          </div>
        ))}
        {errors.proxies && (
          <p className="field-error" role="alert">
            {errors.proxies}
          </p>
        )}
        <button
          type="button"
          className="button"
          data-testid={id('add-proxy')}
          disabled={draft.proxies.length >= MAX_PROXIES}
          onClick={() => set({ proxies: [...draft.proxies, { key: nextProxyKey, name: '', relation: '' }] })}
        >
          {t('enrol.addProxy')}
        </button>
      </fieldset>
    </>
  );
}
