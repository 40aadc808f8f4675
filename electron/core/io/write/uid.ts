import { createHash, randomBytes } from 'node:crypto';
import { LungDeskError } from '../../../common/errors';

/**
 * DICOM UIDs under the "2.25" root (PS3.5 §B.2: a UUID written as one decimal integer), so
 * LungDesk needs no registered root. A UID is at most 64 characters of digits and dots, no
 * component with a leading zero.
 */

const UID_RE = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

function fromBytes(bytes: Buffer): string {
  return `2.25.${BigInt('0x' + bytes.subarray(0, 16).toString('hex')).toString(10)}`;
}

/** A fresh random UID. */
export function randomUid(): string {
  return fromBytes(randomBytes(16));
}

/** A UID that is a pure function of `key`: the same key always gives the same UID. */
export function uidFromKey(key: string): string {
  return fromBytes(createHash('sha256').update(key).digest());
}

/**
 * The UID of item `index` under `parent`: `parent.index` when that fits in 64 characters,
 * else a hash of both (still unique and still derived from the parent).
 */
export function childUid(parent: string, index: number): string {
  const direct = `${parent}.${index}`;
  return direct.length <= 64 ? direct : uidFromKey(`${parent}/${index}`);
}

export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && UID_RE.test(uid);
}

/** Throws contract.bad-input naming `what` unless `uid` is a valid DICOM UID. */
export function assertUid(uid: string, what: string): void {
  if (!isValidUid(uid)) {
    throw new LungDeskError('contract.bad-input', `${what} is not a valid DICOM UID (digits and dots, at most 64 characters): "${uid}"`);
  }
}
