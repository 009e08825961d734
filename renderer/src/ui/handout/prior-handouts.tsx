/** The earlier handout(s) in this round that block a second one: when, where, who, what. */
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { PriorHandout } from '../../kit/api';
import { DeviceName } from '../common/device-name';
import { formatCash, formatDateTime, formatItemLine } from '../common/format';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';

export function PriorHandouts({
  priors,
  headingRef,
}: {
  readonly priors: readonly PriorHandout[];
  readonly headingRef?: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  const { profile } = useSession();
  const people = usePeople();
  return (
    <section className="notice notice-error prior" data-testid="prior-handouts" data-count={priors.length} role="alert">
      <h4 ref={headingRef} tabIndex={-1}>
        {t('prior.title')}
      </h4>
      <p>{t('prior.explain')}</p>
      <ul className="plain-list">
        {priors.map((prior) => (
          <li key={prior.eventId} className="prior-item" data-event={prior.eventId}>
            <dl className="facts">
              <dt>{t('prior.when')}</dt>
              <dd data-testid="prior-when">{formatDateTime(prior.at)}</dd>
              <dt>{t('prior.device')}</dt>
              <dd>
                {prior.device === profile.device ? t('prior.thisDevice') : <DeviceName did={prior.device} named />}
              </dd>
              <dt>{t('prior.operator')}</dt>
              <dd>
                <bdi>{people.operatorName(prior.operator) ?? prior.operator}</bdi>
              </dd>
              <dt>{t('prior.items')}</dt>
              <dd>
                {[...prior.items.map(formatItemLine), ...(prior.cash ? [formatCash(prior.cash)] : [])].join(' · ') ||
                  t('prior.nothing')}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
