/**
 * Who a household's record names, as its page and a check's verdict both
 * list them: the members by group (empty groups left out) and the proxy
 * collectors with their relation. Names are isolated: they may be in any
 * script.
 */
import { useTranslation } from 'react-i18next';
import type { HouseholdForm } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { formatNumber } from './format';

export function MemberList({ members }: { readonly members: HouseholdForm['members'] }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list">
      {members
        .filter((m) => m.count > 0)
        .map((m) => (
          <li key={`${m.sex}|${m.band}`}>
            {t('verdict.memberLine', {
              group: t('enrol.memberGroup', { sex: codeLabel('sex', m.sex), band: codeLabel('ageBands', m.band) }),
              n: formatNumber(m.count),
            })}
          </li>
        ))}
    </ul>
  );
}

/** The proxies, or "none" in words. */
export function ProxyList({ proxies }: { readonly proxies: HouseholdForm['proxies'] }) {
  const { t } = useTranslation();
  if (proxies.length === 0) return t('verdict.noProxies');
  return (
    <ul className="plain-list">
      {proxies.map((proxy, index) => (
        <li key={index}>
          <bdi>{proxy.name}</bdi>
          {proxy.relation && (
            <>
              {' '}
              (<bdi>{proxy.relation}</bdi>)
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
