/**
 * The strip at the top of every screen of the browser build (issue 13): it
 * is the training and evaluation version, its data (and its non-extractable
 * WebCrypto keys) lies unprotected in the browser profile, and field data
 * belongs in the desktop app. It cannot be dismissed. The desktop build
 * never shows it; the boot screens have no kit yet to ask, so they say
 * nothing either way.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostInfo, KitApi } from '../../kit/api';
import { useOptionalKit } from '../kit-context';

/** What each kit answered, so a new screen's frame shows the strip from its first paint. */
const answered = new WeakMap<KitApi, HostInfo['kind']>();

export function TrainingBanner() {
  const { t } = useTranslation();
  const kit = useOptionalKit();
  const titleId = useId();
  const [kind, setKind] = useState<HostInfo['kind'] | undefined>(() => (kit ? answered.get(kit) : undefined));

  useEffect(() => {
    if (!kit) return;
    let live = true;
    kit.hostInfo().then(
      (info) => {
        answered.set(kit, info.kind);
        if (live) setKind(info.kind);
      },
      // The host line in the footer reports the failure; a host that cannot answer is no browser build.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [kit]);

  if (!kit || kind !== 'browser') return null;
  return (
    <div className="training-banner" role="note" aria-labelledby={titleId} data-testid="training-banner">
      <p>
        <strong className="training-banner-title" id={titleId}>
          <span aria-hidden="true">⚠ </span>
          {t('training.title')}
        </strong>{' '}
        <span data-testid="training-banner-body">{t('training.body')}</span>
      </p>
    </div>
  );
}
