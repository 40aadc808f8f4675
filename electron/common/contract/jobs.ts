import { z } from 'zod';
import { event, op } from './define';
import { JobId, JobState } from '../jobs';

export const jobOps = {
  listJobs: op({ input: z.object({}), output: z.array(JobState), doc: 'Jobs of this session, newest first.' }),
  cancelJob: op({
    input: z.object({ jobId: JobId }),
    output: z.object({ cancelled: z.boolean() }),
    doc: 'Asks a running job to stop; its worker is killed if it has not stopped within 200 ms.',
  }),
};

export const jobEvents = {
  onDidUpdateJob: event({ payload: JobState, doc: 'A job started, progressed or ended.' }),
};
