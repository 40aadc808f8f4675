import { describe, expect, it } from 'vitest';
import { paneLoadingText } from '../../../../renderer/features/viewport/model/pane-loading';

describe('pane loading state', () => {
  it('covers coronal and sagittal while the volume streams in, with how far it is', () => {
    expect(paneLoadingText('coronal', { state: 'partial', fraction: 0.456 })).toBe('Loading volume… 45 %');
    expect(paneLoadingText('sagittal', { state: 'loading', fraction: 0 })).toBe('Loading volume…');
  });

  it('never says 100 % while slices are still missing', () => {
    expect(paneLoadingText('coronal', { state: 'partial', fraction: 0.999 })).toBe('Loading volume… 99 %');
  });

  it('leaves the axial pane its first slice, and every pane its image once complete', () => {
    expect(paneLoadingText('axial', { state: 'partial', fraction: 0.2 })).toBeNull();
    for (const state of ['idle', 'complete', 'error'] as const) expect(paneLoadingText('coronal', { state, fraction: 1 })).toBeNull();
  });
});
