export { seedActors } from './actors-seed.ts';
export * from './client.ts';
export { migrationsFolder, runMigrations } from './migrate.ts';
export * as schema from './schema.ts';
export { seedActorsOnce, upsertActors } from './seed.ts';
