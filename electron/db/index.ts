export { openDatabase, type LungDeskDb, type OpenDatabaseOptions } from './open-database';
export { migrations, LATEST_SCHEMA_VERSION, type Migration } from './migrations';
export * from './datasets';
export * from './scans';
export * from './audit';
