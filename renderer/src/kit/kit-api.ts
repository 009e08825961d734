// TEMPORARY during the issue 9 move: the UI still imports this path.
export * from './api';
