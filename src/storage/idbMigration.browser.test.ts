import { runMigrationCases } from './migrationCases';

// the upgrade on Chromium's own IndexedDB: its version change, cursor and abort
runMigrationCases('Chromium');
