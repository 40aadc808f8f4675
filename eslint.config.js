// @ts-check
// Import direction of ../shared/ARCHITECTURE.md, written once as data. One
// no-restricted-imports block per layer is generated from LAYERS, so a later block can
// never silently replace an earlier one (flat config replaces a rule's options wholesale).
const tseslint = require('typescript-eslint');
const reactHooks = require('eslint-plugin-react-hooks');
const path = require('node:path');

/** layer → the layers it may import. */
const LAYERS = {
  'electron/common': [],
  'electron/core': ['electron/common', 'native'],
  'electron/db': ['electron/common'],
  // ARCHITECTURE's diagram puts the job runner inside app; the table lists it under workers.
  // app composes the runner, so it may import workers (asked for in the issue note).
  'electron/app': ['electron/common', 'electron/core', 'electron/db', 'electron/workers'],
  'electron/workers': ['electron/common', 'electron/core'],
  'electron/main': ['electron/common', 'electron/app'],
  'electron/preload': ['electron/common'],
  'electron/server': ['electron/common', 'electron/app'],
  'electron/cli': ['electron/common', 'electron/core', 'electron/app', 'electron/server'],
  renderer: ['electron/common'],
  native: [],
};

const HOW_TO_FIX = {
  'electron/core': 'core is pure domain code: take an interface from common and let app pass it in',
  'electron/db': 'db knows only SQL and common types',
  renderer: 'the renderer talks to the backend only through window.lungdesk (renderer/api.ts)',
  'electron/common': 'common is the contract and shared value types; it imports nothing of ours',
};

const NODE_DENY_CORE = ['electron', 'better-sqlite3', 'http', 'https', 'net', 'ws', 'node:http', 'node:https', 'node:net'];
const NODE_BUILTINS = require('node:module').builtinModules.flatMap((m) => [m, `node:${m}`]);

function patternsFor(layer) {
  const allowed = new Set([layer, ...LAYERS[layer]]);
  const depth = layer.split('/').length;
  const patterns = [];
  for (const other of Object.keys(LAYERS)) {
    if (allowed.has(other)) continue;
    const msg = `${layer} may not import ${other} (ARCHITECTURE.md). ${HOW_TO_FIX[layer] ?? ''}`.trim();
    // Relative imports reaching another layer, from any depth inside this layer.
    const groups = [];
    for (let up = 1; up <= depth + 4; up++) {
      const prefix = '../'.repeat(up);
      groups.push(`${prefix}${other}`, `${prefix}${other}/**`);
      const rel = path.posix.relative(path.posix.dirname(layer), other);
      if (rel !== other) groups.push(`${prefix}${rel}`, `${prefix}${rel}/**`);
    }
    patterns.push({ group: [...new Set(groups)], message: msg });
  }
  return patterns;
}

const layerBlocks = Object.keys(LAYERS).map((layer) => {
  const patterns = patternsFor(layer);
  const paths = [];
  if (layer === 'electron/core' || layer === 'electron/common') {
    for (const name of NODE_DENY_CORE) paths.push({ name, message: `${layer} never imports ${name}: it runs the same in the app, a worker, the CLI and a test` });
  }
  if (layer === 'renderer') {
    for (const name of [...NODE_BUILTINS, 'electron', 'better-sqlite3']) {
      paths.push({ name, message: 'the renderer has no Node: ask the backend through window.lungdesk' });
    }
  }
  const isRenderer = layer === 'renderer';
  return {
    files: [`${layer}/**/*.{ts,tsx}`],
    ignores: ['**/vite*.config.ts'],
    rules: {
      [isRenderer ? '@typescript-eslint/no-restricted-imports' : 'no-restricted-imports']: [
        'error',
        { paths, patterns },
      ],
    },
  };
});

// The renderer's own zones (issue 12 "Structure"). Flat config replaces a rule's options
// wholesale when two blocks match a file, so every renderer block below carries the renderer
// layer's paths and patterns plus its own, all generated here.
const rendererLayer = layerBlocks.find((b) => b.files[0] === 'renderer/**/*.{ts,tsx}');
const RENDERER_RULE = '@typescript-eslint/no-restricted-imports';
const rendererBase = rendererLayer.rules[RENDERER_RULE][1];

/** Imports every renderer file is held to besides the layer table. */
const RENDERER_PATTERNS = [
  {
    // Types only: a value import would bundle backend code into the renderer.
    regex: '(^|/)electron/common(/|$)',
    allowTypeImports: true,
    message: 'the renderer imports electron/common for types only (`import type`): values come through window.lungdesk (renderer/api.ts)',
  },
  {
    regex: '^(\\./|(\\.\\./)+)features/[^/]+/(?!index$).+',
    message: 'a renderer feature is imported only through its index (renderer/features/<feature>/index.ts)',
  },
];

/** A feature file `depth` folders below its feature's root, inside model/ or not. */
function featureZonePatterns(depth, inModel) {
  const toFeatures = '(\\.\\./)'.repeat(depth + 1);
  const patterns = [
    inModel
      ? {
          // model → model stays pure, and another feature's index would pull in its React parts.
          regex: `^${toFeatures}[^./][^/]*/(?!index$|model(/|$)).+`,
          message: 'another feature is imported through its index; from model/, only its model/ (pure) may be imported',
        }
      : {
          regex: `^${toFeatures}[^./][^/]*/(?!index$).+`,
          message: 'another feature is imported only through its index (renderer/features/<feature>/index.ts)',
        },
  ];
  if (inModel) {
    patterns.push(
      {
        regex: `^${'(\\.\\./)'.repeat(depth)}(?!\\.\\./|model(/|$))[^/]`,
        message: "model/ stays pure: it may not import its feature's components, hooks or index",
      },
      {
        regex: '^(react|react-dom)(/|$)|^@cornerstonejs/',
        message: 'model/ stays pure: no React, no Cornerstone (put that code beside model/, in the feature)',
      },
    );
  }
  return patterns;
}

function rendererRules(extra) {
  return {
    [RENDERER_RULE]: ['error', { paths: rendererBase.paths, patterns: [...rendererBase.patterns, ...RENDERER_PATTERNS, ...extra] }],
  };
}

const MAX_FEATURE_DEPTH = 4;
const featureBlocks = [{ files: ['renderer/**/*.{ts,tsx}'], ignores: ['**/vite*.config.ts'], rules: rendererRules([]) }];
for (let depth = 0; depth <= MAX_FEATURE_DEPTH; depth++) {
  featureBlocks.push({
    files: [`renderer/features/*/${'*/'.repeat(depth)}*.{ts,tsx}`],
    ignores: ['renderer/features/*/model/**'],
    rules: rendererRules(featureZonePatterns(depth, false)),
  });
  if (depth > 0) {
    featureBlocks.push({
      files: [`renderer/features/*/model/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
      rules: rendererRules(featureZonePatterns(depth, true)),
    });
  }
}

/** DOM globals a pure model/ file may not touch (it runs in tests and workers without a page). */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle', 'HTMLElement', 'HTMLCanvasElement', 'ResizeObserver', 'MutationObserver', 'Image'];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'native/build/**', 'test-results/**', 'playwright-report/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-debugger': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layerBlocks,
  ...featureBlocks,
  {
    files: ['renderer/features/*/model/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'model/ stays pure: no DOM (take what it needs as an argument)' }))],
    },
  },
);

module.exports.LAYERS = LAYERS;
module.exports.featureZonePatterns = featureZonePatterns;
module.exports.RENDERER_PATTERNS = RENDERER_PATTERNS;
