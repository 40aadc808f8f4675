import fs from 'node:fs';
import path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { MaskVersionDetail } from '../../common/contract/mask-edit';
import { getScan, listAllMaskVersions, listScans, openDatabase, type ScanRecord } from '../../db';
import { MaskStore } from './mask-store';

/** A version as the CLI lists it: its details plus the scan it belongs to. */
export interface ListedMaskVersion extends MaskVersionDetail {
  seriesInstanceUid: string;
  format: 'npy' | 'ldmask';
  path: string;
}

/**
 * The mask store of an existing data folder, without the rest of the service (no job
 * runner, no demo dataset): what the headless `lungdesk masks` commands read. The folder
 * must hold a LungDesk index (lungdesk.sqlite); nothing is created.
 */
export function openMaskStore(dataDir: string): {
  store: MaskStore;
  scanOf(scanId: number): ScanRecord;
  list(seriesUid?: string): Promise<ListedMaskVersion[]>;
  close(): void;
} {
  const file = path.join(path.resolve(dataDir), 'lungdesk.sqlite');
  if (!fs.existsSync(file)) throw new LungDeskError('io.not-found', `${dataDir} is not a LungDesk data folder (no lungdesk.sqlite)`, { file });
  const db = openDatabase(file);
  const scanOf = (scanId: number): ScanRecord => {
    const s = getScan(db, scanId);
    if (!s) throw new LungDeskError('not-found', `no scan with id ${scanId}`);
    return s;
  };
  const store = new MaskStore({ db, dataDir: path.resolve(dataDir), gridOf: scanOf });
  return {
    store,
    scanOf,
    async list(seriesUid) {
      let versions = listAllMaskVersions(db);
      if (seriesUid !== undefined) {
        const ids = new Set(listScans(db).filter((s) => s.seriesInstanceUid === seriesUid).map((s) => s.id));
        if (!ids.size) throw new LungDeskError('not-found', `no scan with series UID ${seriesUid} in ${dataDir}`);
        versions = versions.filter((v) => ids.has(v.scanId));
      }
      const out: ListedMaskVersion[] = [];
      for (const v of versions) {
        const d = await store.detail(v);
        out.push({ ...d, seriesInstanceUid: scanOf(v.scanId).seriesInstanceUid, format: v.format, path: v.path });
      }
      return out;
    },
    close: () => db.close(),
  };
}
