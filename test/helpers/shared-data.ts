import path from 'node:path';
import { REPO_ROOT } from './conformance';

/**
 * `shared/` sits beside the repository (../shared from the repo root), wherever the clone
 * is: never a fixed absolute path.
 */
export const SHARED_ROOT = path.resolve(REPO_ROOT, '..', 'shared');
/** Real public scans, read in place (see its SOURCES.md). */
export const SHARED_DATA = path.join(SHARED_ROOT, 'data');
export const SHARED_REFERENCE = path.join(SHARED_ROOT, 'reference');
