/** Deterministic PRNG (the phantom's mulberry32) so a failing fuzz case can be replayed from its seed. */
export { mulberry32 as prng } from '../../electron/core/phantom/prng';

export const FUZZ_LONG = process.env.LUNGDESK_FUZZ === 'long';
