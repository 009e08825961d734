/**
 * One ration card as laid out on an A4 sheet of cards: the QR code, the
 * household id in large type, the site and the validity, with cut marks at
 * its corners. Like the single card (cards/ration-card.tsx), it carries no
 * name: a lost card must not identify anyone.
 */
import { memo, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RationCard, SiteProfile } from '../../kit/api';
import { formatDate } from '../common/format';
import { QrCanvas } from '../common/qr-canvas';
import { useQrDrawing, type QrDrawState } from '../common/qr-drawing';

/**
 * Pixel width of the drawn code: about 3 pixels a module for the version-14
 * code a card needs, sharp at the 40 mm it is printed, and small enough that
 * hundreds of canvases on one page stay within a laptop's memory.
 */
const QR_WIDTH = 240;

/** Each corner as the card's edge it stands past, on the block axis then the inline axis. */
const CORNERS = [
  ['start', 'start'],
  ['start', 'end'],
  ['end', 'start'],
  ['end', 'end'],
] as const;

export const SheetCard = memo(function SheetCard({
  card,
  profile,
  onDrawn,
}: {
  readonly card: RationCard;
  readonly profile: SiteProfile;
  /** Told once the QR code is drawn, or could not be. */
  readonly onDrawn: (household: string, state: Exclude<QrDrawState, 'drawing'>) => void;
}) {
  const { t } = useTranslation();
  const qr = useQrDrawing(card.qrText, 'alphanumeric', QR_WIDTH);

  useEffect(() => {
    if (qr.state !== 'drawing') onDrawn(card.household, qr.state);
  }, [qr.state, card.household, onDrawn]);

  return (
    <article
      className="sheet-card"
      data-testid="sheet-card"
      data-household={card.household}
      data-valid-until={card.validUntil}
      data-state={qr.state}
      aria-label={t('card.title')}
    >
      {CORNERS.map(([block, inline]) => (
        <span key={`${block}-${inline}`} className={`cut-mark cut-mark-block-${block} cut-mark-inline-${inline}`} aria-hidden="true" />
      ))}
      <header className="card-header">
        <span className="card-brand">Aidtrail</span>
        <span className="card-title">{t('card.title')}</span>
      </header>
      <p className="sheet-card-id" data-testid="sheet-card-id" dir="ltr">
        {card.household}
      </p>
      <div className="sheet-card-body">
        <QrCanvas drawing={qr} className="sheet-card-qr" testId="sheet-card-qr" label={t('card.qrLabel', { id: card.household })} text={card.qrText} />
        <div className="sheet-card-details">
          <p className="card-label">{t('card.site')}</p>
          {/* One isolate, so the name's own direction orders the line; the code never breaks at its hyphen. */}
          <p className="card-value">
            <bdi>
              {profile.siteName} <span className="sheet-card-site">({profile.site})</span>
            </bdi>
          </p>
          <p className="card-label">{t('card.validUntil')}</p>
          <p className="card-value">{formatDate(card.validUntil)}</p>
          <p className="sheet-card-footer">{t('card.footer')}</p>
        </div>
      </div>
    </article>
  );
});
