/**
 * Value representations: which ones use the long (4-byte) length form in Explicit VR, and
 * which two-letter codes are valid at all (used to tell Explicit from Implicit VR when a
 * file has no File Meta group).
 */

/** Explicit VR elements with these VRs have 2 reserved bytes and a 32-bit length. */
export const LONG_LENGTH_VRS: ReadonlySet<string> = new Set([
  'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV',
]);

export const ALL_VRS: ReadonlySet<string> = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL',
  'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US',
  'UT', 'UV',
]);

/** True when the two bytes at `offset` spell a known VR. */
export function isVrAt(buf: Uint8Array, offset: number): boolean {
  if (offset + 2 > buf.length) return false;
  return ALL_VRS.has(String.fromCharCode(buf[offset]!, buf[offset + 1]!));
}
