export * from './batch';
export * from './verify-batch';
export * from './receipt';
export * from './checkpoints';
export * from './registry';
export * from './bundle';
export * from './client';
