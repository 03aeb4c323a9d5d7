export * from './lib/roles';
export * from './lib/password-rules';
export * from './lib/clinic';
export * from './lib/scheduling';
export * from './lib/appointments';
export * from './lib/notifications';
export * from './lib/chat';
export * from './lib/clinic-format';
