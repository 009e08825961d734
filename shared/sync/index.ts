/** The pure part of peer sync: document shape, framing, batching, guard, messages, presence, sync files. */
export * from './events-doc';
export * from './frames';
export * from './guard';
export * from './messages';
export * from './presence';
export * from './slice';
export * from './sneakernet';
