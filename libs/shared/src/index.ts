export * from './lib/roles';
export * from './lib/password-rules';
