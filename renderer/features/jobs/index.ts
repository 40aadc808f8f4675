export { JobPanel } from './job-panel';
export { useJobs } from './use-jobs';
export { isActive, mergeJob, percentText, sortNewestFirst } from './model/job-list';
