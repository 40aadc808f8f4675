import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The renderer's zones in eslint.config.js, run on snippets as if they sat at a path: a
// feature is imported through its index, model/ stays pure, electron/common is types only.
const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId !== null).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('renderer feature zones (eslint.config.js)', () => {
  it('lets the app and other features import a feature through its index only', async () => {
    expect(await problems('renderer/app.tsx', "import { X } from './features/review';\nexport const y = X;\n")).toEqual([]);
    expect(await problems('renderer/app.tsx', "import { X } from './features/review/index';\nexport const y = X;\n")).toEqual([]);
    expect(await problems('renderer/app.tsx', "import { X } from './features/review/lesion-list';\nexport const y = X;\n")).toEqual([
      expect.stringContaining('only through its index'),
    ]);
    expect(await problems('renderer/features/viewport/x.tsx', "import { X } from '../review';\nexport const y = X;\n")).toEqual([]);
    expect(await problems('renderer/features/viewport/x.tsx', "import { X } from '../review/model/review-commands';\nexport const y = X;\n")).toEqual([
      expect.stringContaining('only through its index'),
    ]);
    expect(await problems('renderer/features/viewport/x.tsx', "import { X } from './model/viewer-keys';\nexport const y = X;\n")).toEqual([]);
  });

  it("keeps model/ pure: no React, Cornerstone, DOM or its feature's components; another feature's model/ is allowed", async () => {
    const model = 'renderer/features/mask-editor/model/x.ts';
    expect(await problems(model, "import { useState } from 'react';\nexport const y = useState;\n")).toEqual([expect.stringContaining('no React')]);
    expect(await problems(model, "import { cache } from '@cornerstonejs/core';\nexport const y = cache;\n")).toEqual([expect.stringContaining('no React, no Cornerstone')]);
    expect(await problems(model, "import { X } from '../mask-panel';\nexport const y = X;\n")).toEqual([expect.stringContaining('stays pure')]);
    expect(await problems(model, 'export const w = window.innerWidth;\n')).toEqual([expect.stringContaining('no DOM')]);
    expect(await problems(model, "import { X } from '../../review/model/review-commands';\nexport const y = X;\n")).toEqual([]);
    expect(await problems(model, "import { X } from '../../review/lesion-list';\nexport const y = X;\n")).toEqual([expect.stringContaining('only its model/')]);
    expect(await problems(model, "import { X } from './voxel-edit';\nimport { K } from '../../../key-commands';\nexport const y = [X, K];\n")).toEqual([]);
  });

  it('allows electron/common in the renderer as types only', async () => {
    expect(await problems('renderer/features/masks/x.ts', "import type { Scan } from '../../../electron/common/contract';\nexport type S = Scan;\n")).toEqual([]);
    expect(await problems('renderer/features/masks/x.ts', "import { Scan } from '../../../electron/common/contract';\nexport const s = Scan;\n")).toEqual([
      expect.stringContaining('types only'),
    ]);
    expect(await problems('renderer/api.ts', "import { z } from '../electron/common/contract';\nexport const s = z;\n")).toEqual([expect.stringContaining('types only')]);
  });
});
