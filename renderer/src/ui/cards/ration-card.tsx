/**
 * The printable ration card: the credential as a QR code (alphanumeric mode,
 * the `AT1:` + Base45 text fits it exactly), the household id in large type,
 * the site and the validity. No name: a lost card must not identify anyone.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RationCard as RationCardData, SiteProfile } from '../../kit/api';
import { formatDate } from '../common/format';
import { PrintButton } from '../common/print-button';
import { QrCanvas } from '../common/qr-canvas';
import { useQrDrawing } from '../common/qr-drawing';

/** Pixel width of the drawn QR code; print CSS scales the card to a fixed physical size. */
const QR_WIDTH = 320;

export function RationCard({ card, profile }: { readonly card: RationCardData; readonly profile: SiteProfile }) {
  const { t } = useTranslation();
  const qr = useQrDrawing(card.qrText, 'alphanumeric', QR_WIDTH);
  // Once printed, the button says the next press prints the same card again (the dialog may have been cancelled).
  const [printed, setPrinted] = useState(false);

  return (
    <div className="card-wrap">
      <article
        className="ration-card print-area"
        data-testid="ration-card"
        data-household={card.household}
        aria-label={t('card.title')}
      >
        <header className="card-header">
          <span className="card-brand">Aidtrail</span>
          <span className="card-title">{t('card.title')}</span>
        </header>
        <div className="card-body">
          <QrCanvas drawing={qr} className="card-qr" testId="qr-canvas" label={t('card.qrLabel', { id: card.household })} text={card.qrText} />
          <div className="card-details">
            <p className="card-label">{t('card.householdId')}</p>
            <p className="card-id" data-testid="card-household-id" dir="ltr">
              {card.household}
            </p>
            <p className="card-label">{t('card.site')}</p>
            <p className="card-value">
              <bdi>{profile.siteName}</bdi> (<bdi>{profile.site}</bdi>)
            </p>
            <p className="card-label">{t('card.validUntil')}</p>
            <p className="card-value" data-testid="card-valid-until">
              {formatDate(card.validUntil)}
            </p>
          </div>
        </div>
        <footer className="card-footer">{t('card.footer')}</footer>
      </article>
      {qr.state === 'error' && (
        <p className="notice notice-error" role="alert" data-testid="card-error">
          {t('card.drawError')}
        </p>
      )}
      <div className="actions no-print">
        <PrintButton
          label={printed ? t('card.printAgain') : t('card.print')}
          ready={qr.state === 'ready'}
          testId="card-print"
          onPrinted={() => setPrinted(true)}
        />
      </div>
    </div>
  );
}
