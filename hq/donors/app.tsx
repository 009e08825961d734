/**
 * The public donor page: no login, nothing personal. Without `?donor=` it
 * lists the donors; with it, that donor's flow of funds and "Verify". The
 * log key to verify against is pinned in the address's fragment
 * (./verify/pinned-key.ts); the key this server publishes is shown beside
 * it, with a link to pin it for a visitor who has none.
 */
import { useEffect, useMemo, useState } from 'react';
import { logInfoSchema } from '../../shared/ledger/log-info';
import { callChecked } from '../common/http';
import { applyLanguage } from '../common/language';
import { LanguageSwitcher } from '../common/language-switcher';
import { ChainPanel } from '../common/chain-panel';
import { DataTable, type Column } from '../common/data-table';
import { useLoad } from '../common/use-load';
import { DonorView } from './donor-view';
import { moniesText } from './format';
import type { DonorSummary } from '../../shared/ledger/funds-answers';
import { loadDonor, loadDonors } from './funds-api';
import { t, tableLabels } from './strings';
import { VerifyPanel } from './verify-panel';
import { pinFragment, pinnedKey } from './verify/pinned-key';
import { tilesPin, witnessPins } from './verify/pins';

// <html lang dir> before the first render, so an Arabic page never shows left to right first.
applyLanguage();

/** A fresh seed per visit: which handouts get sampled is the visitor's draw, not the server's. */
function visitSeed(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const donorLink = (org: string, hash: string): string => `?donor=${encodeURIComponent(org)}${hash}`;

/** GET /, checked (shared/ledger/log-info.ts): only a well-formed key is shown, or offered to pin. */
const loadLogInfo = () => callChecked('/', logInfoSchema);

function DonorList({ hash }: { readonly hash: string }) {
  const donors = useLoad(loadDonors);
  const columns: Column<DonorSummary>[] = [
    { key: 'name', label: t('col.donor'), value: (d) => d.name, render: (d) => <a href={donorLink(d.org, hash)} data-testid={`donor-link-${d.org}`}>{d.name} ({d.org})</a> },
    { key: 'contributions', label: t('col.contributions'), value: (d) => d.contributions },
    { key: 'contributed', label: t('col.contributed'), value: (d) => moniesText(d.contributed) },
    { key: 'allocated', label: t('col.allocated'), value: (d) => moniesText(d.allocated) },
    { key: 'attributed', label: t('col.attributed'), value: (d) => moniesText(d.attributed) },
  ];
  if (donors.state.kind === 'loading') return <p>{t('loading')}</p>;
  if (donors.state.kind === 'failed') return <p role="alert">{t('error', donors.state)}</p>;
  return <DataTable testId="donors" caption={t('donors.table')} rows={donors.state.value.donors} columns={columns} rowKey={(d) => d.org} labels={tableLabels} />;
}

function Donor({ org, hash }: { readonly org: string; readonly hash: string }) {
  const seed = useMemo(visitSeed, []);
  const answer = useLoad(() => loadDonor(org, seed));
  const pins = useMemo(() => ({ key: pinnedKey(hash), witnesses: witnessPins(hash), tiles: tilesPin(hash, location.origin) }), [hash]);
  if (answer.state.kind === 'loading') return <p>{t('loading')}</p>;
  if (answer.state.kind === 'failed') return <p role="alert" data-testid="donor-error">{t('error', answer.state)}</p>;
  return (
    <>
      <p><a href={`./${hash}`}>{t('donors.back')}</a></p>
      <DonorView answer={answer.state.value} />
      <VerifyPanel answer={answer.state.value} pins={pins} />
    </>
  );
}

function LogKeys({ hash }: { readonly hash: string }) {
  const published = useLoad(loadLogInfo);
  const pinned = pinnedKey(hash);
  const witnesses = witnessPins(hash);
  const tiles = tilesPin(hash, location.origin);
  const key = published.state.kind === 'loaded' ? published.state.value.logKey : '';
  return (
    <dl className="card">
      <dt>{t('key.published')}</dt>
      {published.state.kind === 'failed' ? (
        <dd role="alert" data-testid="published-key-error">{t('error', published.state)}</dd>
      ) : (
        <dd className="mono" data-testid="published-key">{key}</dd>
      )}
      <dt>{t('key.pinned')}</dt>
      <dd className="mono" data-testid="pinned-key">
        {pinned.ok ? pinned.value.text : t('key.none')}
        {!pinned.ok && key !== '' && <> — <a href={`${location.search}${pinFragment(key)}`} data-testid="pin-key">{t('key.pin')}</a></>}
      </dd>
      {(!witnesses.ok || witnesses.value !== undefined) && (
        <>
          <dt>{t('key.witnesses')}</dt>
          <dd className="mono" data-testid="pinned-witnesses">
            {witnesses.ok && witnesses.value !== undefined
              ? t('key.witnesses.quorum', { quorum: witnesses.value.quorum, of: witnesses.value.witnesses.length, names: witnesses.value.witnesses.map((w) => w.name).join(', ') })
              : t('key.bad', { reason: witnesses.ok ? '' : witnesses.message })}
          </dd>
        </>
      )}
      {(!tiles.ok || tiles.value !== undefined) && (
        <>
          <dt>{t('key.tiles')}</dt>
          <dd className="mono" data-testid="pinned-tiles">{tiles.ok ? tiles.value : t('key.bad', { reason: tiles.message })}</dd>
        </>
      )}
    </dl>
  );
}

export function App() {
  const org = new URLSearchParams(location.search).get('donor');
  // Pinning a key only changes the fragment, which does not reload the page.
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return (
    <>
      <header className="app"><h1>{t('title')}</h1><LanguageSwitcher /></header>
      <main>
        <p>{t('intro')}</p>
        <LogKeys hash={hash} />
        <ChainPanel text={t} />
        {org === null ? <DonorList hash={hash} /> : <Donor org={org} hash={hash} />}
      </main>
    </>
  );
}
