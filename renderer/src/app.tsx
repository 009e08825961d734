import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/ipc';
import { desktopHost } from './host';

type HostStatus =
  | { readonly kind: 'loading' }
  | { readonly kind: 'browser' }
  | { readonly kind: 'desktop'; readonly info: AppInfo }
  | { readonly kind: 'error'; readonly message: string };

function describe(status: HostStatus): string {
  switch (status.kind) {
    case 'loading':
      return 'Connecting to the host…';
    case 'browser':
      return 'Running in a browser (no desktop host).';
    case 'desktop':
      return `Desktop host: ${status.info.name} ${status.info.version} on ${status.info.platform}.`;
    case 'error':
      return `Host error: ${status.message}`;
  }
}

export function App() {
  const [status, setStatus] = useState<HostStatus>(() =>
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

  return (
    <main className="app">
      <h1>Aidtrail</h1>
      <p className="tagline">Offline-first field kit for aid distribution.</p>
      <p className="host-status" role="status">
        {describe(status)}
      </p>
    </main>
  );
}
