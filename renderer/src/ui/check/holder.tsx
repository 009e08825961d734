/**
 * Who the card belongs to, under a passing verdict (issue 10): the head's
 * name, the shelter, the members and the proxy collectors from the
 * household's sealed record, for the officer to compare with who stands
 * there. A card from another laptop or site also says where it comes from.
 * Where this laptop cannot open the record (no site key yet), it says so:
 * the card is still valid, but nobody can be compared with it here.
 */
import { useTranslation } from 'react-i18next';
import type { CheckPass, HouseholdForm } from '../../kit/api';
import { MemberList, ProxyList } from '../common/household-people';
import { useSession } from '../session-context';

export function Holder({ pass }: { readonly pass: CheckPass }) {
  const { t } = useTranslation();
  const { profile } = useSession();
  const elsewhere = pass.site !== profile.site || (pass.issuedBy !== undefined && pass.issuedBy !== profile.deviceLabel);
  return (
    <div className="verdict-holder" data-testid="verdict-holder" data-state={pass.holder ? 'open' : 'sealed'}>
      {pass.holder ? (
        <HolderFacts holder={pass.holder} />
      ) : (
        <p className="notice notice-warn" data-testid="verdict-holder-sealed">
          {t('verdict.sealed')}
        </p>
      )}
      {elsewhere && (
        <dl className="facts verdict-origin" data-testid="verdict-origin" data-site={pass.site} data-issued-by={pass.issuedBy}>
          <dt>{t('verdict.site')}</dt>
          <dd className="mono" dir="ltr">
            {pass.site}
          </dd>
          {pass.issuedBy !== undefined && (
            <>
              <dt>{t('verdict.issuedBy')}</dt>
              <dd data-testid="verdict-issued-by">
                <bdi>{pass.issuedBy}</bdi>
              </dd>
            </>
          )}
        </dl>
      )}
      {pass.holder && <p className="field-hint">{t('verdict.compare')}</p>}
    </div>
  );
}

/** The record's facts to compare with a person: also shown before a lookup is confirmed (./document-check.tsx). */
export function HolderFacts({ holder }: { readonly holder: HouseholdForm }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="verdict-holder-name" data-testid="verdict-holder-name">
        <span className="visually-hidden">{t('verdict.head')}: </span>
        <bdi>{holder.head.name}</bdi>
      </p>
      <dl className="facts">
        <dt>{t('verdict.shelter')}</dt>
        <dd data-testid="verdict-holder-shelter">
          <bdi>{holder.shelter}</bdi>
        </dd>
        <dt>{t('verdict.members')}</dt>
        <dd data-testid="verdict-holder-members">
          <MemberList members={holder.members} />
        </dd>
        <dt>{t('verdict.proxies')}</dt>
        <dd data-testid="verdict-holder-proxies" data-count={holder.proxies.length}>
          <ProxyList proxies={holder.proxies} />
        </dd>
      </dl>
    </>
  );
}
