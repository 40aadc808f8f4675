import os from 'node:os';
import { getSetting, type LungDeskDb } from '../../db';

/** The OS user, the reviewer's default name. */
function osUser(): string {
  try {
    return os.userInfo().username || 'reviewer';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'reviewer';
  }
}

/** Who is working: the name set in the app (settings 'reviewer'), else the OS user. */
export function reviewerName(db: LungDeskDb): { name: string; isDefault: boolean } {
  const stored = getSetting(db, 'reviewer');
  return stored ? { name: stored, isDefault: false } : { name: osUser(), isDefault: true };
}
