// Preloaded (`--import`) into a test's LungDesk processes and, through them, their workers,
// so an export in a worker finds the test exporters in the table.
import { registerTestExporters } from './test-exporters';

registerTestExporters();
