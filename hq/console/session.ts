/**
 * Where the console keeps the admin token the HQ user typed: sessionStorage,
 * at most. Why there and nowhere else:
 *
 * - sessionStorage belongs to this tab of this origin and is dropped when
 *   the tab closes, so a reload does not ask for the token again while a
 *   closed console leaves nothing behind for the next user of the machine;
 *   other tabs and other origins cannot read it.
 * - not localStorage: it would stay on disk indefinitely, in every tab.
 * - not a cookie: the browser would attach it to every request to the
 *   ledger, including ones a page elsewhere makes it send (CSRF), and the
 *   admin routes take the token only from the Authorization header.
 * - never in a URL: URLs end up in history, logs and Referer headers.
 * Script injection could still read it; the strict CSP (no inline or
 * foreign script, ledger/service/web-app.ts) is what keeps script out.
 */
const KEY = 'aidtrail.hq.admin-token';

export const loadToken = (): string | null => sessionStorage.getItem(KEY);

export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);

export const forgetToken = (): void => sessionStorage.removeItem(KEY);
