/**
 * Peer sync transport for the kit (see room.ts, peer-sync.ts, scope.ts and
 * shared/sync). The kit's bridge opens a scope, connects it, observes the
 * `events` map for entries from peers (transaction origin PeerOrigin) and
 * files, verifies them, and writes its own events with `scope.add`.
 */
export { openScope, scopeDbName, LOCAL_ORIGIN, type Scope, type OpenScopeOptions, type ScopePersistence } from './scope';
export { connectScope, SyncRoom } from './room';
export { roomName, DEFAULT_TRANSPORT_LIMITS, type RoomOptions, type PeerRef, type ScopeProgress, type OnlinePeer } from './room-options';
export { PeerOrigin, type PeerSyncStatus, type TransportLimits } from './peer-sync-contract';
export {
  auditDocument,
  DEFAULT_GUARD_LIMITS,
  GUARD_VERSION,
  exportScope,
  importScope,
  stateVectorOf,
  eventEntries,
  eventCount,
  type Imported,
  type ImportCode,
  type ImportOptions,
  type Presence,
} from '../../../shared/sync';
