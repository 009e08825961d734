/** The HQ console: sign in with the admin token, then one tab per job. */
import { useMemo, useState } from 'react';
import { call } from '../common/http';
import { applyLanguage } from '../common/language';
import { LanguageSwitcher } from '../common/language-switcher';
import { Activity } from './activity';
import { adminApi } from './admin-api';
import { Devices } from './devices';
import { Funds } from './funds';
import { LogCheck } from './log-check';
import { Plans } from './plans';
import { Reports } from './reports';
import { forgetToken, loadToken, saveToken } from './session';
import { t } from './strings';

// <html lang dir> before the first render, so an Arabic page never shows left to right first.
applyLanguage();

const TABS = ['devices', 'plans', 'funds', 'activity', 'reports', 'log'] as const;
type Tab = (typeof TABS)[number];

function Login({ onToken }: { readonly onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [state, setState] = useState<'idle' | 'checking' | 'refused'>('idle');
  const submit = async () => {
    setState('checking');
    // Any admin read tells whether the token is the ledger's.
    const probe = await call('/admin/sites', { headers: { authorization: `Bearer ${token}` } });
    if (probe.ok) onToken(token);
    else setState('refused');
  };
  return (
    <main>
      <h2>{t('login.heading')}</h2>
      <form className="panel" data-testid="login-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="wide">{t('login.token')}
          <input type="password" autoComplete="off" data-testid="login-token" value={token} onChange={(e) => setToken(e.target.value)} required />
        </label>
        <p className="wide">{t('login.hint')}</p>
        <div className="wide"><button type="submit" data-testid="login-submit" disabled={state === 'checking'}>{state === 'checking' ? t('login.checking') : t('login.submit')}</button></div>
      </form>
      {state === 'refused' && <p role="alert" data-testid="login-refused">{t('login.refused')}</p>}
    </main>
  );
}

export function App() {
  const [token, setToken] = useState<string | null>(loadToken);
  const [tab, setTab] = useState<Tab>('devices');
  const api = useMemo(() => (token === null ? undefined : adminApi(token)), [token]);

  const signIn = (value: string) => {
    saveToken(value);
    setToken(value);
  };
  const signOut = () => {
    forgetToken();
    setToken(null);
  };

  return (
    <>
      <header className="app">
        <h1>{t('title')}</h1>
        {api !== undefined && (
          <>
            <nav>
              {TABS.map((name) => (
                <button key={name} type="button" data-testid={`tab-${name}`} aria-current={tab === name ? 'page' : undefined} onClick={() => setTab(name)}>
                  {t(`tab.${name}`)}
                </button>
              ))}
            </nav>
            <button type="button" data-testid="logout" onClick={signOut}>{t('logout')}</button>
          </>
        )}
        <LanguageSwitcher />
      </header>
      {api === undefined ? (
        <Login onToken={signIn} />
      ) : (
        <main data-testid={`screen-${tab}`}>
          {tab === 'devices' && <Devices api={api} />}
          {tab === 'plans' && <Plans api={api} />}
          {tab === 'funds' && <Funds api={api} />}
          {tab === 'activity' && <Activity api={api} />}
          {tab === 'reports' && token !== null && <Reports api={api} token={token} />}
          {tab === 'log' && <LogCheck api={api} />}
        </main>
      )}
    </>
  );
}
