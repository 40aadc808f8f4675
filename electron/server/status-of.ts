import type { ErrorCode } from '../common/errors';

/** HTTP status for an error code, so generic HTTP tooling sees failures as failures. */
export function httpStatusOf(code: ErrorCode): number {
  if (code === 'not-found' || code === 'contract.unknown-op') return 404;
  if (code === 'contract.unauthorized') return 401;
  if (code.startsWith('contract.')) return 400;
  if (code.startsWith('io.')) return 422;
  if (code === 'job.cancelled') return 409;
  if (code === 'host.busy') return 503;
  return 500;
}
