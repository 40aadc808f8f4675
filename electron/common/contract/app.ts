import { z } from 'zod';
import { op } from './define';

export const AppInfo = z.object({
  name: z.literal('LungDesk'),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  demoDatasetId: z.number().int().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appOps = {
  getAppInfo: op({ input: z.object({}), output: AppInfo, doc: 'Version, host kind and data folder.' }),
};
