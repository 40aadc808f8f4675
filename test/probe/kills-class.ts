import type { ClassResult, ProbeOptions } from './report';
export async function killsClass(_o: ProbeOptions): Promise<ClassResult> { throw new Error('todo'); }
