/**
 * The HQ ledger screen: anchoring's status and progress for everyone, the
 * device key HQ registers, and for a team lead the ledger's address and key.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session-context';
import { useAnchorLoop, useAnchorLoopStatus } from './anchor-loop-context';
import { LedgerConfigForm } from './ledger-config-form';
import { LedgerStatusPanel } from './ledger-status-panel';

export function LedgerScreen() {
  const { t } = useTranslation();
  const { operator, profile } = useSession();
  const loop = useAnchorLoop();
  const status = useAnchorLoopStatus();

  // The counts move as records are made: re-read them when the screen opens.
  useEffect(() => {
    void loop?.refresh();
  }, [loop]);

  return (
    <div className="screen ledger-screen" data-testid="ledger-screen">
      <h2>{t('ledger.title')}</h2>
      <p className="lead-text">{t('ledger.intro')}</p>
      {loop && status && <LedgerStatusPanel loop={loop} status={status} />}
      <section className="panel" aria-labelledby="ledger-device-title">
        <h3 id="ledger-device-title">{t('ledger.deviceKey')}</h3>
        <p className="mono break" dir="ltr" data-testid="ledger-device-did">
          {profile.device}
        </p>
        <p className="field-hint">{t('ledger.deviceKeyHint')}</p>
      </section>
      {operator.role === 'team-lead' ? (
        loop && <LedgerConfigForm loop={loop} ledger={status?.ledger} />
      ) : (
        <p className="field-hint" data-testid="ledger-lead-only">
          {t('ledger.leadOnly')}
        </p>
      )}
    </div>
  );
}
