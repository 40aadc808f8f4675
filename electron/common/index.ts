export * from './errors';
export * from './geometry';
export * from './jobs';
export * from './contract';
export * from './content-security-policy';
