import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const text = fs.readFileSync(path.join(root, 'native', 'binding.gyp'), 'utf8');
// binding.gyp is a Python literal; ours keeps to its JSON subset (no comments, no trailing commas).
const gyp = JSON.parse(text) as { targets: Target[] };

interface Target {
  target_name: string;
  sources: string[];
  cflags_cc?: string[];
  'cflags_cc!'?: string[];
  ldflags?: string[];
  conditions?: [string, Target & { xcode_settings?: Record<string, string>; msvs_settings?: { VCCLCompilerTool?: Record<string, unknown> } }][];
}

const target = gyp.targets.find((t) => t.target_name === 'lungdesk_native')!;
const when = (os: string) => target.conditions?.find(([cond]) => cond.replace(/\s/g, '') === `OS=='${os}'`)?.[1];

describe('native/binding.gyp', () => {
  it('builds every C++ source of native/src', () => {
    const sources = fs.readdirSync(path.join(root, 'native', 'src')).filter((f) => f.endsWith('.cc')).map((f) => `src/${f}`);
    expect([...target.sources].sort()).toEqual(sources.sort());
  });

  it('Linux (GCC/clang): C++17 with exceptions, threads from std::thread (-pthread)', () => {
    const linux = when('linux')!;
    expect(linux.cflags_cc).toContain('-std=c++17');
    expect(linux.cflags_cc).toContain('-pthread');
    expect(target['cflags_cc!']).toContain('-fno-exceptions');
  });

  it('macOS (clang): exceptions on, C++17, libc++ and a deployment target', () => {
    const mac = when('mac')!.xcode_settings!;
    expect(mac.GCC_ENABLE_CPP_EXCEPTIONS).toBe('YES');
    expect(mac.CLANG_CXX_LANGUAGE_STANDARD).toBe('c++17');
    expect(mac.CLANG_CXX_LIBRARY).toBe('libc++');
    expect(mac.MACOSX_DEPLOYMENT_TARGET).toMatch(/^\d+\.\d+$/);
  });

  it('Windows (MSVC): C++ exceptions (/EHsc) and /std:c++17', () => {
    const cl = when('win')!.msvs_settings!.VCCLCompilerTool!;
    expect(cl.ExceptionHandling).toBe(1);
    expect(cl.AdditionalOptions).toContain('/std:c++17');
  });

  it('targets the baseline of x64 and arm64 alike: no -march/-mcpu/-mavx/-msse and no /arch', () => {
    expect(text).not.toMatch(/-march|-mcpu|-mtune|-mavx|-msse|-mfma|\/arch:/);
  });

  it('links no OpenMP runtime (libgomp, vcomp, libomp would have to ship beside the addon): the kernels use std::thread', () => {
    expect(text).not.toMatch(/openmp|-lgomp|-lomp/i);
    for (const f of fs.readdirSync(path.join(root, 'native', 'src'))) {
      const src = fs.readFileSync(path.join(root, 'native', 'src', f), 'utf8');
      expect(src, f).not.toMatch(/#\s*pragma\s+omp|#\s*include\s*<omp\.h>|omp_get_/);
    }
  });
});
