/**
 * The log's anchoring on a public chain (GET /chain, issue 17), for the HQ
 * console and the donor page: whether the chain takes the log's
 * checkpoints, and the last one it holds with its transaction, so anyone can
 * look it up on the chain itself. The answer is checked against the shared
 * schema before anything is shown.
 */
import { chainStatusSchema, type ChainStatus } from '../../shared/ledger/chain-status';
import { callChecked } from './http';
import { useLoad } from './use-load';

/** The strings the panel needs, from each app's own dictionary. */
export type ChainText = (
  key:
    | 'chain.title'
    | 'chain.state'
    | 'chain.off'
    | 'chain.size'
    | 'chain.root'
    | 'chain.tx'
    | 'chain.at'
    | 'chain.contract'
    | 'chain.none'
    | 'chain.error'
    | 'chain.bad'
    | 'chain.onChain'
    | 'chain.inBlock'
    | `chain.state.${Exclude<ChainStatus['state'], 'off'>}`,
  params?: Readonly<Record<string, string | number>>,
) => string;

const loadChain = () => callChecked('/chain', chainStatusSchema);

export function ChainPanel({ text }: { readonly text: ChainText }) {
  const chain = useLoad(loadChain);
  if (chain.state.kind === 'loading') return null;
  if (chain.state.kind === 'failed') return <p className="card" data-testid="chain-panel" data-state="failed">{text('chain.bad', { message: chain.state.message })}</p>;
  const status = chain.state.value;
  if (status.state === 'off') return <p className="card" data-testid="chain-panel" data-state="off">{text('chain.off')}</p>;
  const last = status.lastAnchored;
  return (
    <section className="card" data-testid="chain-panel" data-state={status.state}>
      <h2>{text('chain.title')}</h2>
      <dl>
        <dt>{text('chain.state')}</dt>
        <dd data-testid="chain-state">
          {text(`chain.state.${status.state}`)}
          {status.chainId !== null && <> (<bdi>{text('chain.onChain', { id: status.chainId })}</bdi>)</>}
        </dd>
        {status.contract !== null && (
          <>
            <dt>{text('chain.contract')}</dt>
            <dd className="mono"><bdi>{status.contract}</bdi></dd>
          </>
        )}
        {last === null ? (
          <>
            <dt>{text('chain.size')}</dt>
            <dd>{text('chain.none')}</dd>
          </>
        ) : (
          <>
            <dt>{text('chain.size')}</dt>
            <dd data-testid="chain-size">{last.size}</dd>
            <dt>{text('chain.root')}</dt>
            <dd className="mono"><bdi>{last.root}</bdi></dd>
            <dt>{text('chain.tx')}</dt>
            <dd className="mono" data-testid="chain-tx">
              <bdi>{last.tx ?? '—'}</bdi>
              {last.block !== null && <> ({text('chain.inBlock', { block: last.block })})</>}
            </dd>
            <dt>{text('chain.at')}</dt>
            <dd>{last.at}</dd>
          </>
        )}
        {status.error !== null && (
          <>
            <dt>{text('chain.error')}</dt>
            <dd role="status">{status.error}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
