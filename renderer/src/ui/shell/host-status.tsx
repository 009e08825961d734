/**
 * One line in the footer saying which host the kit runs on (desktop or plain
 * browser). The boot screens have no kit yet, so nothing is said there.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostInfo } from '../../kit/api';
import { useOptionalKit } from '../kit-context';
import { isolate } from '../common/format';

type HostStatusState = { readonly kind: 'loading' } | HostInfo;

export function HostStatus() {
  const { t } = useTranslation();
  const kit = useOptionalKit();
  const [status, setStatus] = useState<HostStatusState>({ kind: 'loading' });

  useEffect(() => {
    if (!kit) return;
    let live = true;
    kit.hostInfo().then(
      (info) => {
        if (live) setStatus(info);
      },
      (cause: unknown) => {
        console.error('aidtrail: the host could not be asked for its details', cause);
        if (live) setStatus({ kind: 'error', message: String(cause) });
      },
    );
    return () => {
      live = false;
    };
  }, [kit]);

  if (!kit) return null;
  let text: string;
  switch (status.kind) {
    case 'loading':
      text = t('host.loading');
      break;
    case 'browser':
      text = t('host.browser');
      break;
    case 'desktop':
      text = t('host.desktop', { name: isolate(status.info.name), version: isolate(status.info.version), platform: isolate(status.info.platform) });
      break;
    case 'error':
      text = t('host.error', { message: isolate(status.message, 'firstStrong') });
      break;
  }
  return (
    <p className="host-status" role="status" data-testid="host-status" data-state={status.kind}>
      {text}
    </p>
  );
}
