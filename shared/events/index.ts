export * from './bodies';
export * from './envelope';
export * from './sign';
export * from './verify';
export * from './raw-verification';
