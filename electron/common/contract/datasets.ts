import { z } from 'zod';
import { event, op } from './define';
import { JobId } from '../jobs';

export const DatasetId = z.number().int().positive();
export type DatasetId = z.infer<typeof DatasetId>;

export const DatasetSummary = z.object({
  id: DatasetId,
  name: z.string(),
  rootPath: z.string(),
  kind: z.string(),
  scanCount: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const datasetOps = {
  listDatasets: op({ input: z.object({}), output: z.array(DatasetSummary), doc: 'Every indexed dataset.' }),
  importDataset: op({
    input: z.object({ path: z.string().min(1).max(4096), name: z.string().max(200).optional() }),
    output: z.object({ datasetId: DatasetId, jobId: JobId }),
    doc: 'Adds a folder as a dataset and indexes its scans in a job (progress on onDidUpdateJob).',
  }),
};

export const datasetEvents = {
  onDidChangeDatasets: event({ payload: z.object({ datasetId: DatasetId }), doc: 'A dataset was added or re-indexed.' }),
};
