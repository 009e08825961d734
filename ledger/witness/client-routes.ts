/**
 * GET /witnesses: how the ledger's witnesses (./client.ts) are doing, for
 * HQ and auditors: per witness its key, the size it last cosigned and its
 * last failure. Public, like the checkpoints it speaks of, so it answers
 * CORS and counts against the caller's rate limit as ../chain/routes.ts
 * does. Registered by ledger/main.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WitnessStatus } from './client';

export function witnessRoutes(cosigning: { status(): WitnessStatus[] }): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    scope.addHook('onRequest', scope.rateLimit());
    scope.get('/witnesses', async () => ({ witnesses: cosigning.status() }));
  };
}
