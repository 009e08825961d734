/** A household's record as its page shows it: who, where, how to reach them, who lives there and who may collect. */
import { useTranslation } from 'react-i18next';
import type { HouseholdDetail } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { formatDateTime, formatNumber } from '../common/format';
import { MemberList, ProxyList } from '../common/household-people';

export function HouseholdFacts({ detail }: { readonly detail: HouseholdDetail }) {
  const { t } = useTranslation();
  const { form } = detail;
  const notRecorded = <span className="muted">{t('householdPage.notRecorded')}</span>;
  return (
    <>
      <p className="household-page-name" data-testid="household-head">
        <span className="visually-hidden">{t('verdict.head')}: </span>
        <bdi>{form.head.name}</bdi>
      </p>
      <dl className="facts" data-testid="household-facts">
        <dt>{t('enrol.headSex')}</dt>
        <dd>{codeLabel('sex', form.head.sex)}</dd>
        <dt>{t('enrol.birthYear')}</dt>
        <dd dir="ltr">{form.head.birthYear ?? notRecorded}</dd>
        <dt>{t('householdPage.phone')}</dt>
        <dd data-testid="household-phone">{form.phone ? <span dir="ltr">{form.phone}</span> : notRecorded}</dd>
        <dt>{t('verdict.shelter')}</dt>
        <dd data-testid="household-shelter">
          <bdi>{form.shelter}</bdi>
        </dd>
        <dt>{t('enrol.size')}</dt>
        <dd data-testid="household-size" data-size={detail.size}>
          {formatNumber(detail.size)}
        </dd>
        <dt>{t('verdict.members')}</dt>
        <dd>
          <MemberList members={form.members} />
        </dd>
        <dt>{t('enrol.vulnerabilitiesSection')}</dt>
        <dd>
          {form.vulnerabilities.length === 0 ? (
            t('householdPage.none')
          ) : (
            <ul className="plain-list">
              {form.vulnerabilities.map((code) => (
                <li key={code}>{codeLabel('vulnerabilities', code)}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('verdict.proxies')}</dt>
        <dd data-testid="household-proxies" data-count={form.proxies.length}>
          <ProxyList proxies={form.proxies} />
        </dd>
        <dt>{t('list.enrolledAt')}</dt>
        <dd>{formatDateTime(detail.enrolledAt)}</dd>
        <dt>{t('list.card')}</dt>
        <dd data-testid="household-card" data-has-card={detail.hasCard}>
          {detail.hasCard ? t('common.yes') : t('common.no')}
        </dd>
      </dl>
    </>
  );
}
