/** The log's self-check (GET /admin/verify-tree): the root rebuilt from every leaf against the stored nodes and the latest signed checkpoint; and its anchoring on a chain (GET /chain). */
import { useState } from 'react';
import { treeCheckSchema, type TreeCheck } from '../../shared/ledger/admin-answers';
import type { Result } from '../../shared/result';
import { ChainPanel } from '../common/chain-panel';
import type { AdminApi } from './admin-api';
import { t } from './strings';

export function LogCheck({ api }: { readonly api: AdminApi }) {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Result<TreeCheck> | undefined>(undefined);

  const run = async () => {
    setRunning(true);
    setResult(await api.get('/admin/verify-tree', treeCheckSchema));
    setRunning(false);
  };

  // The route answers 500 with the same body when the tree is not whole: the call's error then carries its message.
  const check = result === undefined ? undefined : result.ok ? result.value : ({ ok: false, code: result.code, message: result.message } as const);
  return (
    <section>
      <h2>{t('log.heading')}</h2>
      <p>{t('log.explain')}</p>
      <button type="button" data-testid="verify-tree" disabled={running} onClick={() => void run()}>{t('log.run')}</button>
      {check !== undefined &&
        (check.ok ? (
          <p className="notice" data-testid="verify-tree-result" data-state="ok">{t('log.ok', { size: check.value.size, root: check.value.root })}</p>
        ) : (
          <p role="alert" data-testid="verify-tree-result" data-state="bad">{t('log.bad', { message: `${check.code}: ${check.message}` })}</p>
        ))}
      <ChainPanel text={t} />
    </section>
  );
}
