import 'fake-indexeddb/auto';
import { runMigrationCases } from './migrationCases';

runMigrationCases('fake-indexeddb');
