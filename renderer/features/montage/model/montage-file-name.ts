/** "LIDC-IDRI-0001-montage.png": the scan's name made safe as a file name on every OS. */
export function montageFileName(scanName: string): string {
  const safe = scanName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+|_+$/g, '').slice(0, 80);
  return `${safe || 'scan'}-montage.png`;
}
