/**
 * Enrolment of a household: the head, contact, shelter, members by age band
 * and sex (the size is their sum), vulnerabilities and up to three proxy
 * collectors. On success the new household id is shown big, with "Issue
 * ration card" next to it.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdForm, HouseholdSummary } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { CardIssuer } from '../cards/card-issuer';
import { CodeField } from '../common/code-select';
import { formatNumber } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useFieldErrors } from '../common/use-field-errors';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { MemberCounter } from './member-counter';
import {
  AGE_BANDS,
  HEAD_SEXES,
  MAX_HOUSEHOLD_SIZE,
  MAX_PROXIES,
  MEMBER_SEXES,
  NAME_MAX,
  RELATION_MAX,
  SHELTER_MAX,
  VULNERABILITIES,
  isPlausiblePhone,
  type AgeBand,
  type HeadSex,
  type Vulnerability,
} from './vocabulary';

type MemberKey = `${AgeBand}|${(typeof MEMBER_SEXES)[number]}`;
type Members = Readonly<Record<MemberKey, number>>;

const emptyMembers = (): Members =>
  Object.fromEntries(AGE_BANDS.flatMap((band) => MEMBER_SEXES.map((sex) => [`${band}|${sex}`, 0]))) as Members;

interface Proxy {
  readonly key: number;
  readonly name: string;
  readonly relation: string;
}

type Errors = Partial<Record<'headName' | 'birthYear' | 'phone' | 'shelter' | 'size' | 'proxies', string>>;

export function EnrolForm() {
  const { t } = useTranslation();
  const kit = useKit();
  const [headName, setHeadName] = useState('');
  const [headSex, setHeadSex] = useState<HeadSex>('female');
  const [birthYear, setBirthYear] = useState('');
  const [phone, setPhone] = useState('');
  const [shelter, setShelter] = useState('');
  const [members, setMembers] = useState<Members>(emptyMembers);
  const [vulnerabilities, setVulnerabilities] = useState<readonly Vulnerability[]>([]);
  const [proxies, setProxies] = useState<readonly Proxy[]>([]);
  const { errors, formRef, accept, clear } = useFieldErrors<keyof Errors>();
  const submission = useSubmission();
  const [enrolled, setEnrolled] = useState<HouseholdSummary>();
  const nextProxyKey = useRef(1);

  const size = useMemo(() => Object.values(members).reduce((sum, n) => sum + n, 0), [members]);
  const thisYear = new Date().getFullYear();

  const updateProxy = (key: number, patch: Partial<Proxy>) =>
    setProxies((current) => current.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  const reset = () => {
    setHeadName('');
    setHeadSex('female');
    setBirthYear('');
    setPhone('');
    setShelter('');
    setMembers(emptyMembers());
    setVulnerabilities([]);
    setProxies([]);
    clear();
    submission.fail(undefined);
    setEnrolled(undefined);
  };

  const validate = (): Errors => {
    const found: Errors = {};
    if (!headName.trim()) found.headName = t('common.requiredField');
    if (birthYear.trim()) {
      const year = Number(birthYear);
      if (!Number.isInteger(year) || year < thisYear - 120 || year > thisYear) {
        found.birthYear = t('enrol.birthYearInvalid', { from: thisYear - 120, to: thisYear });
      }
    }
    if (phone.trim() && !isPlausiblePhone(phone.trim())) found.phone = t('enrol.phoneInvalid');
    if (!shelter.trim()) found.shelter = t('common.requiredField');
    if (size < 1) found.size = t('enrol.sizeTooSmall');
    else if (size > MAX_HOUSEHOLD_SIZE) found.size = t('enrol.sizeTooLarge', { max: MAX_HOUSEHOLD_SIZE });
    if (proxies.some((p) => !p.name.trim())) found.proxies = t('enrol.proxyNameRequired');
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    submission.fail(undefined);
    if (!accept(validate())) return;
    const form: HouseholdForm = {
      head: {
        name: headName.trim(),
        sex: headSex,
        ...(birthYear.trim() ? { birthYear: Number(birthYear) } : {}),
      },
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      shelter: shelter.trim(),
      members: AGE_BANDS.flatMap((band) =>
        MEMBER_SEXES.map((sex) => ({ band, sex, count: members[`${band}|${sex}`] })),
      ).filter((group) => group.count > 0),
      vulnerabilities: [...vulnerabilities],
      proxies: proxies.map((p) => ({
        name: p.name.trim(),
        ...(p.relation.trim() ? { relation: p.relation.trim() } : {}),
      })),
    };
    await submission.run(() => kit.enrol(form), setEnrolled);
  };

  if (enrolled) {
    return (
      <section className="panel" data-testid="enrol-done" data-household={enrolled.id} aria-labelledby="enrol-done-title">
        <h3 id="enrol-done-title">{t('enrol.doneTitle')}</h3>
        <p className="label-text">{t('enrol.newId')}</p>
        <p className="household-id-big" data-testid="enrol-household-id" dir="ltr">
          {enrolled.id}
        </p>
        <p>{t('enrol.doneSize', { size: formatNumber(enrolled.size) })}</p>
        <CardIssuer household={enrolled.id} autoFocus />
        <div className="actions">
          <button type="button" className="button" data-testid="enrol-another" onClick={reset}>
            {t('enrol.another')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form ref={formRef} className="panel" data-testid="enrol-form" noValidate onSubmit={(event) => void submit(event)}>
      <h3>{t('enrol.title')}</h3>
      <p className="privacy-note">{t('enrol.privacy')}</p>

      <fieldset>
        <legend>{t('enrol.headSection')}</legend>
        <div className="field-row">
          <TextField
            label={t('enrol.headName')}
            error={errors.headName}
            required
            className="grow"
            autoFocus
            autoComplete="off"
            maxLength={NAME_MAX}
            testId="enrol-head-name"
            value={headName}
            onChange={setHeadName}
          />
          <CodeField label={t('enrol.headSex')} group="sex" codes={HEAD_SEXES} value={headSex} onChange={setHeadSex} testId="enrol-head-sex" />
          <TextField
            label={t('enrol.birthYear')}
            error={errors.birthYear}
            inputClassName="input input-short"
            type="number"
            inputMode="numeric"
            min={thisYear - 120}
            max={thisYear}
            dir="ltr"
            testId="enrol-birth-year"
            value={birthYear}
            onChange={(text) => setBirthYear(text.slice(0, 4))}
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
            testId="enrol-phone"
            value={phone}
            onChange={setPhone}
          />
          <TextField
            label={t('enrol.shelter')}
            hint={t('enrol.shelterHint')}
            error={errors.shelter}
            required
            className="grow"
            autoComplete="off"
            maxLength={SHELTER_MAX}
            testId="enrol-shelter"
            value={shelter}
            onChange={setShelter}
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
                      testId={`enrol-members-${band}-${sex}`}
                      value={members[`${band}|${sex}`]}
                      onChange={(value) => setMembers((current) => ({ ...current, [`${band}|${sex}`]: value }))}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="size-line" aria-live="polite">
          {t('enrol.size')}:{' '}
          <output className="size-value" data-testid="enrol-size" data-size={size}>
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
                data-testid={`enrol-vulnerability-${code}`}
                checked={vulnerabilities.includes(code)}
                onChange={(event) =>
                  setVulnerabilities((current) =>
                    event.target.checked ? [...current, code] : current.filter((c) => c !== code),
                  )
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
        {proxies.map((proxy, index) => (
          <div className="field-row proxy-row" key={proxy.key} data-testid={`enrol-proxy-${index}`}>
            <TextField
              label={t('enrol.proxyName', { n: index + 1 })}
              required
              className="grow"
              autoComplete="off"
              maxLength={NAME_MAX}
              testId={`enrol-proxy-name-${index}`}
              value={proxy.name}
              onChange={(name) => updateProxy(proxy.key, { name })}
            />
            <TextField
              label={t('enrol.proxyRelation')}
              className="grow"
              autoComplete="off"
              maxLength={RELATION_MAX}
              testId={`enrol-proxy-relation-${index}`}
              value={proxy.relation}
              onChange={(relation) => updateProxy(proxy.key, { relation })}
            />
            <button
              type="button"
              className="button button-quiet"
              aria-label={t('enrol.removeProxy', { n: index + 1 })}
              onClick={() => setProxies((current) => current.filter((p) => p.key !== proxy.key))}
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
          data-testid="enrol-add-proxy"
          disabled={proxies.length >= MAX_PROXIES}
          onClick={() => {
            const key = nextProxyKey.current++;
            setProxies((current) => (current.length >= MAX_PROXIES ? current : [...current, { key, name: '', relation: '' }]));
          }}
        >
          {t('enrol.addProxy')}
        </button>
      </fieldset>

      <ErrorNotice testId="enrol-error" message={submission.failure} />
      <SubmitActions label={t('enrol.submit')} busy={submission.busy} testId="enrol-submit" large />
    </form>
  );
}
