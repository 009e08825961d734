export * from './bodies';
export * from './envelope';
export * from './sign';
export * from './verify';
