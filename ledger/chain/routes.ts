/**
 * GET /chain: the anchoring status (./status.ts) for the HQ console and the
 * donor page. Public, like the checkpoints it speaks of: sizes, roots and
 * transaction hashes, no personal data; so it answers CORS and counts
 * against the caller's rate limit as the other public routes do
 * (../service/public-routes.ts). Registered by ledger/main.ts beside the
 * routes of ../service/http.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ChainStatus } from './status';

export function chainRoutes(anchoring: { status(): ChainStatus }): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    scope.addHook('onRequest', scope.rateLimit());
    scope.get('/chain', async () => anchoring.status());
  };
}
