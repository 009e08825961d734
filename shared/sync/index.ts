/** The pure part of peer sync: document shape, framing, batching, guard and budgets, messages, presence, sync files. */
export * from './audit';
export * from './budget';
export * from './capacity';
export * from './events-doc';
export * from './frames';
export * from './guard';
export * from './messages';
export * from './presence';
export * from './slice';
export * from './sneakernet';
