import { createRequire } from 'node:module';
import path from 'node:path';
import { LungDeskError } from '../../../../common/errors';

/**
 * Loads an Emscripten codec (the `@cornerstonejs/codec-*` decode builds) once per process.
 *
 * The packages' factories are CommonJS modules returning a promise of the instance. They are
 * required through Node (not through a bundler or vitest's transform) from the package's
 * `exports` entry, and the .wasm is located by absolute path next to the JS via `locateFile`,
 * so loading works the same from source (tsx, vitest), from `dist/` and inside worker
 * processes. The codecs' own logging (OpenJPEG prints "[INFO] ..." on every frame) is dropped.
 *
 * The only state is the cached instance promise. An instance that aborted (a trap inside the
 * wasm, e.g. on a corrupt codestream) is unusable afterwards; `poison` drops it so the next
 * `load` makes a fresh one.
 */

export interface WasmCodecSpec {
  /** Package name, for messages. */
  pkg: string;
  /** The package's `exports` subpath of the wasm decoder's JS, e.g. "@cornerstonejs/codec-charls/decodewasmjs". */
  entry: string;
}

type Factory = (moduleArg: Record<string, unknown>) => Promise<unknown>;

export class WasmCodec<M> {
  private instance: Promise<M> | undefined;
  private ready: M | undefined;

  constructor(private readonly spec: WasmCodecSpec) {}

  /** Resolves with the initialised instance (the same one for every caller until poisoned). */
  load(): Promise<M> {
    this.instance ??= this.create().then(
      (m) => (this.ready = m),
      (e: unknown) => {
        this.instance = undefined;
        throw new LungDeskError('io.unsupported', `the ${this.spec.pkg} decoder cannot be loaded (${e instanceof Error ? e.message : String(e)})`, {
          cause: e,
        });
      },
    );
    return this.instance;
  }

  /** The instance when `load` has resolved, else undefined (decoding itself is synchronous). */
  get current(): M | undefined {
    return this.ready;
  }

  /** Forgets an instance that trapped; the next `load` creates a new one. */
  poison(m: M): void {
    if (this.ready !== m) return;
    this.ready = undefined;
    this.instance = undefined;
  }

  private async create(): Promise<M> {
    const req = createRequire(__filename);
    const jsPath = req.resolve(this.spec.entry);
    const dir = path.dirname(jsPath);
    const factory = req(jsPath) as Factory | { default: Factory };
    const make = typeof factory === 'function' ? factory : factory.default;
    const silent = (): void => {};
    return (await make({ locateFile: (file: string) => path.join(dir, file), print: silent, printErr: silent })) as M;
  }
}

/**
 * True when `e` is a trap or abort of the wasm runtime (the instance must be dropped), false
 * for a C++ exception the codec threw on purpose (Emscripten throws those as a number, the
 * exception's address) or an ordinary JS error.
 */
export function isWasmTrap(e: unknown): boolean {
  if (typeof e === 'number') return false;
  // lib ES2022 has no WebAssembly typings; the global exists in every Node.
  const RuntimeError = (globalThis as unknown as { WebAssembly?: { RuntimeError: abstract new () => Error } }).WebAssembly?.RuntimeError;
  if (RuntimeError && e instanceof RuntimeError) return true;
  return e instanceof Error && /^Aborted\(|abort\(/.test(e.message);
}
