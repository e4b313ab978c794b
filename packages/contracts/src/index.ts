export * from './callouts.ts';
export * from './contacts.ts';
export * from './domain.ts';
export * from './events.ts';
export * from './messages.ts';
export * from './reports.ts';
export * from './schemas.ts';
