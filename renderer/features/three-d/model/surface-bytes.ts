/**
 * Typed views of a surface's byte fields. The contract sends them as Uint8Array slices of a
 * larger message, so the offset may not be a multiple of 4: then the bytes are copied.
 */
export function float32Of(bytes: Uint8Array): Float32Array {
  const n = Math.floor(bytes.byteLength / 4);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n);
  return new Float32Array(bytes.slice(0, n * 4).buffer);
}

export function uint32Of(bytes: Uint8Array): Uint32Array {
  const n = Math.floor(bytes.byteLength / 4);
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, n);
  return new Uint32Array(bytes.slice(0, n * 4).buffer);
}
