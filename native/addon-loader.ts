// Loads the Node-API addon once. Kernel modules (native/<kernel>.ts) call `nativeAddon()`
// and cast to their own slice of its interface.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// From source the addon sits beside this file (native/build/...); compiled, this file is
// dist/native/addon-loader.js and the addon stays in native/build at the repo root.
const ADDON_CANDIDATES = [
  path.join(__dirname, 'build', 'Release', 'lungdesk_native.node'),
  path.join(__dirname, '..', '..', 'native', 'build', 'Release', 'lungdesk_native.node'),
];

let addon: unknown;

/**
 * The loaded addon. LUNGDESK_NATIVE_ADDON names another build of it (a kernel developed in a
 * separate build folder, or a packaged app's unpacked copy).
 */
export function nativeAddon<T>(): T {
  if (addon) return addon as T;
  const override = process.env.LUNGDESK_NATIVE_ADDON;
  const file = override ? path.resolve(override) : ADDON_CANDIDATES.find((f) => existsSync(f));
  if (!file || !existsSync(file)) {
    throw new Error(
      `LungDesk native addon not found (looked in ${override ? path.resolve(override) : ADDON_CANDIDATES.join(', ')}); build it with \`npm run build:native\``,
    );
  }
  addon = createRequire(__filename)(file);
  return addon as T;
}
