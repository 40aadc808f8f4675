import * as path from 'node:path';
import { isLungDeskError } from '../../common/errors';
import type { assembleSeries } from './dicom/series';
import { checkMetaImageData, readMetaImageHeader } from './metaimage';
import { imageStem, readNiftiNrrdInfo } from './nifti-nrrd';
import type { FileIssue, SeriesDescriptor } from './types';

// How each format's header becomes a SeriesDescriptor; shared by full and incremental discovery.

export const isMetaImage = (file: string): boolean => /\.(mhd|mha)$/i.test(file);

export function issueOf(e: unknown, file: string): FileIssue {
  if (isLungDeskError(e)) return { file: e.file ?? file, code: e.code, message: e.message };
  return { file, code: 'internal', message: `${file}: ${e instanceof Error ? e.message : String(e)}` };
}

export async function niftiNrrdDescriptor(file: string): Promise<{ descriptor: SeriesDescriptor; dataFiles: string[] }> {
  const info = await readNiftiNrrdInfo(file);
  return {
    descriptor: {
      format: info.format,
      seriesInstanceUid: imageStem(file),
      studyInstanceUid: '',
      patientId: '',
      modality: '',
      description: '',
      files: [path.resolve(file)],
      geometry: info.geometry,
      sliceCount: info.geometry.dims[2],
      missingSlices: [],
      warnings: info.warnings,
    },
    dataFiles: info.dataFiles,
  };
}

/** A MetaImage's descriptor, and the data files its header names (none when the data is LOCAL). */
export async function metaImageDescriptor(file: string): Promise<SeriesDescriptor> {
  return (await metaImageDescriptorWithData(file)).descriptor;
}

export async function metaImageDescriptorWithData(file: string): Promise<{ descriptor: SeriesDescriptor; dataFiles: string[] }> {
  const h = await readMetaImageHeader(file);
  const warnings = await checkMetaImageData(h);
  if (h.ndims === 2) warnings.push('2D image: read as a single slice (z spacing 1 mm)');
  if (h.modality && h.modality !== 'CT') warnings.push(`modality is "${h.modality}", not CT: values may not be Hounsfield units`);
  const descriptor: SeriesDescriptor = {
    format: 'metaimage',
    seriesInstanceUid: path.basename(file).replace(/\.(mhd|mha)$/i, ''),
    studyInstanceUid: '',
    patientId: '',
    modality: h.modality,
    description: '',
    files: [path.resolve(file)],
    geometry: h.geometry,
    sliceCount: h.geometry.dims[2],
    missingSlices: [],
    warnings,
  };
  return { descriptor, dataFiles: h.dataFiles === 'LOCAL' ? [] : [...h.dataFiles] };
}

export function dicomDescriptor(a: ReturnType<typeof assembleSeries>): SeriesDescriptor | undefined {
  if (a.slices.length === 0 || !('geometry' in a)) return undefined;
  const first = a.slices[0]!;
  const warnings = [...a.warnings];
  if (!first.seriesInstanceUid) warnings.unshift('SeriesInstanceUID is empty: slices grouped by folder, orientation and image size');
  return {
    format: 'dicom',
    seriesInstanceUid: first.seriesInstanceUid,
    studyInstanceUid: first.studyInstanceUid,
    patientId: first.patientId,
    modality: first.modality,
    description: first.seriesDescription,
    files: a.slices.map((h) => h.file),
    geometry: a.geometry,
    sliceCount: a.slices.length,
    missingSlices: [...a.missingSlices],
    warnings,
  };
}

