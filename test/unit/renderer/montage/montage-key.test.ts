import { describe, expect, it } from 'vitest';
import { isMontageKey } from '../../../../renderer/features/montage/model/montage-key';

const plain = { ctrlKey: false, metaKey: false, altKey: false };

describe('montage key', () => {
  it('toggles on g or G', () => {
    expect(isMontageKey({ key: 'g', ...plain })).toBe(true);
    expect(isMontageKey({ key: 'G', ...plain })).toBe(true);
  });

  it('leaves Ctrl/Cmd/Alt+G and other keys to the rest of the app', () => {
    expect(isMontageKey({ key: 'g', ...plain, ctrlKey: true })).toBe(false);
    expect(isMontageKey({ key: 'g', ...plain, metaKey: true })).toBe(false);
    expect(isMontageKey({ key: 'g', ...plain, altKey: true })).toBe(false);
    expect(isMontageKey({ key: 'n', ...plain })).toBe(false);
  });
});
