/** One line in the footer saying which host the renderer runs in (desktop or plain browser). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../shared/ipc';
import { desktopHost } from '../../host';

type HostStatusState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'browser' }
  | { readonly kind: 'desktop'; readonly info: AppInfo }
  | { readonly kind: 'error'; readonly message: string };

export function HostStatus() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<HostStatusState>(() =>
    desktopHost() ? { kind: 'loading' } : { kind: 'browser' },
  );

  useEffect(() => {
    const host = desktopHost();
    if (!host) return;
    let live = true;
    host.getInfo().then(
      (result) => {
        if (live) setStatus(result.ok ? { kind: 'desktop', info: result.value } : { kind: 'error', message: result.message });
      },
      (cause: unknown) => {
        if (live) setStatus({ kind: 'error', message: String(cause) });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  let text: string;
  switch (status.kind) {
    case 'loading':
      text = t('host.loading');
      break;
    case 'browser':
      text = t('host.browser');
      break;
    case 'desktop':
      text = t('host.desktop', { name: status.info.name, version: status.info.version, platform: status.info.platform });
      break;
    case 'error':
      text = t('host.error', { message: status.message });
      break;
  }
  return (
    <p className="host-status" role="status" data-testid="host-status" data-state={status.kind}>
      {text}
    </p>
  );
}
