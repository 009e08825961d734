/**
 * Entry point: languages first (so even the start-up screens are translated
 * and <html dir> is right), then the kit, then the app. The kit (and its
 * anchoring loop) is created once, outside React, so StrictMode's double
 * effects never open it twice.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n';
import { startKit } from './kit/start-kit';
import { BootError, BootSplash } from './ui/shell/boot-screens';
import { KitProvider } from './ui/kit-context';
import { AnchorLoopProvider } from './ui/ledger/anchor-loop-context';
import { SyncProvider } from './ui/sync-context';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

initI18n();
const root = createRoot(container);

async function boot(): Promise<void> {
  root.render(<BootSplash />);
  try {
    // Background anchoring at HQ: one loop per kit, started by the shell once the kit is unlocked.
    const { kit, sync, anchorLoop } = await startKit((counted) => root.render(<BootSplash counted={counted} />));
    root.render(
      <StrictMode>
        <KitProvider kit={kit}>
          <SyncProvider sync={sync}>
            <AnchorLoopProvider loop={anchorLoop}>
              <App />
            </AnchorLoopProvider>
          </SyncProvider>
        </KitProvider>
      </StrictMode>,
    );
  } catch (cause) {
    console.error('aidtrail: the kit could not start', cause);
    root.render(<BootError message={cause instanceof Error ? cause.message : String(cause)} />);
  }
}

void boot();
