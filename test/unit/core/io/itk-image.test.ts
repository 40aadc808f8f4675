import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { itkFailure, quietItk } from '../../../../electron/core/io/itk-image';

describe('itk-wasm failures as typed, readable errors', () => {
  it('an emscripten exception pointer (a bare number) never reaches the message', () => {
    const e = itkFailure(184104, '/d/f.nii', 'reading the NIfTI header');
    expect(e).toBeInstanceOf(LungDeskError);
    expect(e.code).toBe('io.bad-header');
    expect(e.message).toContain('/d/f.nii');
    expect(e.message).toContain('reading the NIfTI header failed');
    expect(e.message).not.toMatch(/184104|native exception/);
    expect(e.detail).toEqual({ itkException: 184104 });
  });

  it("quietItk keeps itk-wasm's console dump off stdout and turns its description into the message", async () => {
    const logged: string[] = [];
    const original = console.log;
    const mine = (...a: unknown[]): void => void logged.push(a.join(' '));
    console.log = mine;
    try {
      const thrown = await quietItk(async () => {
        console.log('Exception while running pipeline:');
        console.log('stdout:', '');
        console.error('stderr:', 'itk::ExceptionObject Description: NrrdImageIO: unexpected end of data');
        throw 206528;
      }).catch((x: unknown) => x);
      // The dump went nowhere visible; console.log is ours again.
      expect(logged).toEqual([]);
      expect(console.log).toBe(mine);
      const e = itkFailure(thrown, '/d/x.nrrd', 'reading text NRRD data');
      expect(e.message).toMatch(/^\/d\/x\.nrrd: reading text NRRD data failed \(.*unexpected end of data\)$/);
      expect(e.message).not.toMatch(/206528/);
    } finally {
      console.log = original;
    }
  });

  it('quietItk returns the value of a call that succeeds and restores the console', async () => {
    const before = console.error;
    expect(await quietItk(async () => 42)).toBe(42);
    expect(console.error).toBe(before);
  });
});
