/**
 * Saves a canvas as a PNG download (the histogram, the montage): toBlob, an object
 * URL, and a click on a temporary <a download>.
 */
export function downloadCanvasPng(canvas: HTMLCanvasElement, fileName: string): void {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The click has started the download; the URL is no longer needed after this tick.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, 'image/png');
}
