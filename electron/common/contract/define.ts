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

/**
 * Every operation's input is strict, all the way down: an unknown field anywhere is
 * `contract.bad-input`, never silently dropped. Done here, once, so a new operation cannot
 * forget it (a renderer that sends a whole record where an id was meant is told so).
 */
export function op<I extends z.ZodType, O extends z.ZodType>(spec: OpSpec<I, O>): OpSpec<I, O> {
  return { ...spec, input: strictDeep(spec.input) };
}

/** The schema's internal definition (zod 4): its kind and the schemas it wraps. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}
type Cloneable = z.ZodType & { clone(def: SchemaDef): z.ZodType; _zod: { def: SchemaDef } };

/**
 * A copy of `schema` whose every object refuses unknown keys (catchall `never`, as
 * `.strict()` does), keeping its checks, defaults and refinements. Wrappers (optional,
 * nullable, default, array, tuple, union, pipe, record, lazy) are rebuilt around the strict
 * copy of what they wrap; leaves are returned as they are.
 */
export function strictDeep<S extends z.ZodType>(schema: S): S {
  const s = schema as unknown as Cloneable;
  const def = s._zod.def;
  const map = (x: z.ZodType): z.ZodType => strictDeep(x);
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, map(v)]));
      return s.clone({ ...def, shape, catchall: z.never() }) as unknown as S;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return s.clone({ ...def, innerType: map(def.innerType!) }) as unknown as S;
    case 'array':
      return s.clone({ ...def, element: map(def.element!) }) as unknown as S;
    case 'tuple':
      return s.clone({ ...def, items: def.items!.map(map), rest: def.rest ? map(def.rest) : def.rest }) as unknown as S;
    case 'union':
      return s.clone({ ...def, options: def.options!.map(map) }) as unknown as S;
    case 'pipe':
      return s.clone({ ...def, in: map(def.in!), out: map(def.out!) }) as unknown as S;
    case 'record':
      return s.clone({ ...def, valueType: map(def.valueType!) }) as unknown as S;
    case 'lazy': {
      const getter = def.getter!;
      let strict: z.ZodType | undefined;
      return z.lazy(() => (strict ??= map(getter()))) as unknown as S;
    }
    default:
      return schema;
  }
}

/**
 * One streamed operation of the contract: an input, and items sent one after the other as the
 * backend makes them (a volume's slabs). Transports carry each item as it is ready, so the
 * receiver works on the first while the backend makes the next, over one call: one HTTP
 * response, one IPC invoke. Items carry buffers (Uint8Array fields) as a binary op's output.
 */
export interface StreamSpec<I extends z.ZodType = z.ZodType, T extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly item: T;
  readonly doc: string;
}

/** A streamed operation, its input made strict all the way down as {@link op}'s is. */
export function stream<I extends z.ZodType, T extends z.ZodType>(spec: StreamSpec<I, T>): StreamSpec<I, T> {
  return { ...spec, input: strictDeep(spec.input) };
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
