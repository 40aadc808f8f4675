import { z } from 'zod';

/**
 * One operation of the contract. `binary` marks an output that carries pixel buffers
 * (Uint8Array fields): transports send those as raw bytes, never as JSON arrays.
 */
export interface OpSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly doc: string;
  readonly binary?: boolean;
  /**
   * Marks an input that carries buffers (a mask, a diff): the browser host's bridge sends the
   * request as a wire frame (`common/wire.ts`) instead of JSON, and the host decodes it before
   * the input schema checks it. IPC carries typed arrays natively.
   */
  readonly binaryInput?: boolean;
}

export function op<I extends z.ZodType, O extends z.ZodType>(spec: OpSpec<I, O>): OpSpec<I, O> {
  return spec;
}

/** One event of the contract: a payload schema. Names follow `onDid…`. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly doc: string;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

/** Bytes, as a buffer field in an operation's output. */
export const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected a Uint8Array' });

/** 32-bit unsigned buffer (flat voxel indices, run pairs) in an operation's input or output. */
export const U32Bytes = z.custom<Uint32Array>((v) => v instanceof Uint32Array, { message: 'expected a Uint32Array' });
