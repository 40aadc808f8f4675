import type { ErrorCode } from '../common/errors';

/** HTTP status for an error code, so generic HTTP tooling sees failures as failures. */
export function httpStatusOf(code: ErrorCode): number {
  if (code === 'not-found' || code === 'contract.unknown-op') return 404;
  if (code === 'contract.unauthorized') return 401;
  if (code.startsWith('contract.')) return 400;
  if (code.startsWith('io.')) return 422;
  // The caller's request is refused on its merits (a folder or export it may not use, a budget it
  // may raise): a client error, never a 500 that reads as the host breaking.
  if (code.startsWith('dataset.') || code.startsWith('export.')) return 422;
  if (code === 'job.cancelled') return 409;
  if (code === 'host.busy') return 503;
  return 500;
}
