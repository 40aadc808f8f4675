import type { ErrorInfo } from '../errors';

/**
 * The `contract.bad-input` a call gets when its input does not fit the contract's schema:
 * every issue with its path, and the issues themselves as detail. One wording for every
 * transport (browser host, IPC) and every kind of call (operations, streams).
 */
export function inputMismatch(name: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ErrorInfo {
  const why = issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { code: 'contract.bad-input', message: `${name}: input does not match the contract: ${why}`, detail: issues };
}
