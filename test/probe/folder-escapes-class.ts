import type { ClassResult, ProbeOptions } from './report';
export async function folderEscapesClass(_o: ProbeOptions): Promise<ClassResult> { throw new Error('todo'); }
