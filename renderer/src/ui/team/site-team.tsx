/**
 * The site's people and laptops (issue 10, "the team works as one"), as the
 * synced records show them on every laptop: each laptop's label, what it is
 * admitted as, whether it has been delivered the site key (without it, it
 * cannot read names or seal new records) and whether it was revoked; each
 * operator's name, role and whether they may sign in. A team lead disables
 * an operator here (or enables them again) on every laptop of the site; the
 * kit says whether this laptop may.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteLaptop, SiteOperator } from '../../kit/api';
import type { Result } from '../../../../shared/result';
import { codeLabel, errorText } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { isolate, shortDevice } from '../common/format';
import { QueryStatus } from '../common/query-status';
import { useKit } from '../kit-context';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';

type Notice =
  | { readonly kind: 'done'; readonly operator: string; readonly change: 'enabled' | 'disabled' | 'reset' }
  | { readonly kind: 'error'; readonly operator: string; readonly code: string };

export function SiteTeam() {
  const { t } = useTranslation();
  const kit = useKit();
  const session = useSession();
  const { query, reload } = usePeople();
  const [busy, setBusy] = useState<string>();
  // Kept as codes and ids, worded when shown (the language may change meanwhile).
  const [notice, setNotice] = useState<Notice>();
  const people = query.error ? undefined : query.data;
  const isLead = session.operator.role === 'team-lead';

  const nameOf = (operator: SiteOperator): string => operator.name ?? t('team.nameSealed');

  /** One change to one operator at a time: busy while it runs, its outcome as the notice, the list read again. */
  const change = async (operator: SiteOperator, what: string, run: () => Promise<Result<void, string>>, done: Extract<Notice, { kind: 'done' }>['change']) => {
    if (busy) return;
    setBusy(operator.id);
    setNotice(undefined);
    try {
      const result = await run();
      setNotice(result.ok ? { kind: 'done', operator: operator.id, change: done } : { kind: 'error', operator: operator.id, code: result.code });
    } catch (cause) {
      console.error(`aidtrail: ${what} an operator failed`, cause);
      setNotice({ kind: 'error', operator: operator.id, code: 'internal' });
    } finally {
      setBusy(undefined);
      reload();
    }
  };

  const setActive = (operator: SiteOperator, active: boolean) => change(operator, 'changing', () => kit.setOperatorActive(operator.id, active), active ? 'enabled' : 'disabled');

  /** Recovery after a lock-out (issue 13): the lead lets the operator try their PIN again on this laptop. */
  const reset = (operator: SiteOperator) => change(operator, 'resetting', () => kit.resetOperator(operator.id), 'reset');

  const noticeText = (shown: Notice): string => {
    if (shown.kind === 'error') return errorText(shown.code);
    const operator = people?.operators.find((o) => o.id === shown.operator);
    const name = isolate(operator ? nameOf(operator) : shown.operator, 'firstStrong');
    if (shown.change === 'reset') return t('team.operatorReset', { name });
    return shown.change === 'enabled' ? t('team.operatorEnabled', { name }) : t('team.operatorDisabled', { name });
  };

  const laptopColumns: readonly Column<SiteLaptop>[] = [
    {
      header: t('team.laptop'),
      heads: 'row',
      cell: (laptop) => (
        <span title={laptop.device}>
          <bdi>{laptop.label}</bdi>{' '}
          <span className="mono device-key" dir="ltr">
            {shortDevice(laptop.device)}
          </span>
          {laptop.thisLaptop && <span className="badge"> {t('team.thisLaptop')}</span>}
        </span>
      ),
    },
    { header: t('team.laptopRole'), cell: (laptop) => (laptop.role ? codeLabel('roles', laptop.role) : t('team.notAdmitted')) },
    { header: t('team.siteKey'), cell: (laptop) => (laptop.hasSiteKey ? t('team.keyDelivered') : t('team.keyMissing')) },
    { header: t('team.status'), cell: (laptop) => (laptop.revoked ? t('team.revoked') : t('team.inService')) },
  ];

  const operatorColumns: readonly Column<SiteOperator>[] = [
    {
      header: t('team.operatorName'),
      heads: 'row',
      cell: (operator) => (
        <>
          {operator.name ? <bdi>{operator.name}</bdi> : <span className="empty">{t('team.nameSealed')}</span>}
          {operator.id === session.operator.id && <span className="badge"> {t('operators.you')}</span>}
        </>
      ),
    },
    { header: t('team.role'), cell: (operator) => codeLabel('roles', operator.role) },
    { header: t('team.status'), cell: (operator) => (operator.active ? t('team.active') : t('team.disabledState')) },
    ...(isLead
      ? [
          {
            header: t('list.actions'),
            hiddenHeader: true,
            cell: (operator: SiteOperator) =>
              // A lead never disables their own sign-in (the kit refuses it too).
              operator.id !== session.operator.id && (
                <button
                  type="button"
                  className={operator.active ? 'button button-small button-warn' : 'button button-small'}
                  data-testid={`operator-toggle-${operator.id}`}
                  aria-label={operator.active ? t('team.disableName', { name: isolate(nameOf(operator), 'firstStrong') }) : t('team.enableName', { name: isolate(nameOf(operator), 'firstStrong') })}
                  disabled={busy !== undefined}
                  onClick={() => void setActive(operator, !operator.active)}
                >
                  {operator.active ? t('team.disable') : t('team.enable')}
                </button>
              ),
          },
          {
            header: t('team.lockout'),
            hiddenHeader: true,
            cell: (operator: SiteOperator) =>
              operator.lockedOut && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid={`operator-reset-${operator.id}`}
                  disabled={busy !== undefined}
                  onClick={() => void reset(operator)}
                >
                  {t('team.letTryAgain')}
                </button>
              ),
          },
        ]
      : []),
  ];

  return (
    <section className="panel site-team" data-testid="site-team" data-state={query.error ? 'error' : people ? 'ready' : 'loading'}>
      <h3>{t('team.siteTitle')}</h3>
      <p className="field-hint">{t('team.siteIntro')}</p>
      <QueryStatus query={query} />
      {people && (
        <>
          <h4>{t('team.laptopsTitle')}</h4>
          <DataTable
            testId="site-laptops"
            columns={laptopColumns}
            rows={people.laptops}
            rowKey={(laptop) => laptop.device}
            rowAttributes={(laptop) => ({
              className: laptop.revoked ? 'row-bad' : undefined,
              'data-testid': `site-laptop-${laptop.device}`,
              'data-label': laptop.label,
              'data-role': laptop.role ?? '',
              'data-site-key': laptop.hasSiteKey,
              'data-revoked': laptop.revoked,
            })}
            empty={t('team.noneYet')}
          />
          <h4>{t('team.operatorsTitle')}</h4>
          {notice && (
            <p
              className={notice.kind === 'error' ? 'notice notice-error' : 'notice notice-ok'}
              role={notice.kind === 'error' ? 'alert' : 'status'}
              data-testid="operator-toggle-result"
              data-state={notice.kind}
              data-code={notice.kind === 'error' ? notice.code : undefined}
              data-operator={notice.operator}
            >
              {noticeText(notice)}
            </p>
          )}
          <DataTable
            testId="site-operators"
            columns={operatorColumns}
            rows={people.operators}
            rowKey={(operator) => operator.id}
            rowAttributes={(operator) => ({
              'data-testid': `site-operator-${operator.id}`,
              'data-name': operator.name,
              'data-role': operator.role,
              'data-active': operator.active,
            })}
            empty={t('team.noneYet')}
          />
        </>
      )}
    </section>
  );
}
