import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's own YAML reader, glob matcher and config validator (devDependencies of
// electron-builder), so the checks mean what electron-builder will do with the file.
const yaml = require('js-yaml') as { load(text: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(p: string, glob: string, o?: object): boolean };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
};

const root = path.resolve(__dirname, '..', '..', '..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8')) as Record<string, unknown>;

interface BuilderConfig {
  asar?: boolean;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
}
const config = yaml.load(fs.readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = readJson('package.json') as { main: string; devDependencies: Record<string, string>; dependencies: Record<string, string>; optionalDependencies?: Record<string, string>; allowScripts: Record<string, boolean>; scripts: Record<string, string> };
const lock = readJson('package-lock.json') as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean; hasInstallScript?: boolean }> };

const included = (file: string) => config.files.some((g) => minimatch(file, g, { dot: true }));
const unpacked = (file: string) => config.asarUnpack.some((g) => minimatch(file, g, { dot: true, matchBase: !g.includes('/') }));

function nodeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...nodeFiles(p));
    else if (e.name.endsWith('.node')) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out;
}

describe('packaging config (build/electron-builder.yml)', () => {
  it("is a configuration electron-builder's own schema accepts", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  }, 60_000);

  it('sets the Electron fuses: no RunAsNode, no NODE_OPTIONS, no inspect arguments; asar-only with integrity checked; cookies encrypted', () => {
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the main entry, the preload, the renderer, the worker entries (process and index-store thread) and the native addon', () => {
    // runtime.ts starts workers from dist/electron/workers/worker-main.js; main.ts loads the
    // preload and serves dist/renderer; addon-loader.ts finds native/build/Release.
    const runtime = fs.readFileSync(path.join(root, 'electron', 'app', 'runtime.ts'), 'utf8');
    expect(runtime).toContain("path.join(__dirname, '..', 'workers', fromSource ? 'worker-main.ts' : 'worker-main.js')");
    const storeThread = fs.readFileSync(path.join(root, 'electron', 'app', 'store-index', 'store-index-off-thread.ts'), 'utf8');
    expect(storeThread).toContain("path.join(__dirname, fromSource ? 'store-index-thread.ts' : 'store-index-thread.js')");
    for (const f of [pkg.main, 'dist/electron/workers/worker-main.js', 'dist/electron/app/store-index/store-index-thread.js', 'dist/electron/preload/preload.js', 'dist/renderer/index.html', 'dist/native/addon-loader.js', 'native/build/Release/lungdesk_native.node', 'package.json']) {
      expect(included(f), f).toBe(true);
    }
    expect(included('native/src/addon.cc')).toBe(false);
  });

  it('unpacks every native .node from the asar: our addon and those of the production dependencies', () => {
    const production = Object.entries(lock.packages)
      .filter(([k, v]) => k.startsWith('node_modules/') && !v.dev && !v.devOptional)
      .map(([k]) => k);
    const natives = ['native/build/Release/lungdesk_native.node', ...production.flatMap((dir) => nodeFiles(path.join(root, dir)))];
    expect(natives).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    for (const f of natives) expect(unpacked(f), f).toBe(true);
  });
});

describe('package.json', () => {
  it('has electron as a devDependency only (electron-builder reads its version there; the app never requires it at run time from node_modules)', () => {
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies.electron).toBeUndefined();
    expect(pkg.optionalDependencies?.electron).toBeUndefined();
    expect(lock.packages['node_modules/electron']).toMatchObject({ dev: true });
    expect(lock.packages['node_modules/electron']?.optional).toBeUndefined();
  });

  it("npm's allowScripts names every dependency with an install script, and denies Electron's download (our postinstall tries it and tolerates failure)", () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([k, v]) => k !== '' && v.hasInstallScript)
      .map(([k]) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts).toContain('better-sqlite3');
    expect(Object.keys(pkg.allowScripts).sort()).toEqual([...new Set(withScripts)].sort());
    expect(pkg.allowScripts['better-sqlite3']).toBe(true);
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.scripts.postinstall).toBe('node scripts/fetch-electron.mjs');
    expect(fs.readFileSync(path.join(root, 'scripts', 'fetch-electron.mjs'), 'utf8')).toContain("join(target, 'install.js')");
  });
});
