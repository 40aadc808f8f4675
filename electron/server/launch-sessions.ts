import { createHash, randomBytes } from 'node:crypto';

/** How long a launch code can wait to be opened, ms (the printed URL, a minted one). */
export const DEFAULT_CODE_TTL_MS = 120_000;
/** Outstanding codes and live sessions kept at most; the oldest goes first. */
const MAX_CODES = 32;
const MAX_SESSIONS = 64;

/**
 * Secrets are kept only as their SHA-256: a lookup by hash tells nothing about how close a
 * guess was (no timing leak from comparing strings), and a heap dump holds no usable secret.
 */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as string);
}

/**
 * The browser host's launch codes and sessions. A code is what the launch URL carries: it
 * is random, single use and short-lived, so a URL left in a terminal, a history or another
 * process's arguments opens nothing once used or expired. Redeeming it makes a session: a
 * random id the browser keeps in an HttpOnly cookie and the host knows for its lifetime.
 */
export class LaunchSessions {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(
    private readonly codeTtlMs = DEFAULT_CODE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh one-time code (16 random bytes, base64url). */
  mintCode(): string {
    const code = randomBytes(16).toString('base64url');
    this.codes.set(digest(code), this.now() + this.codeTtlMs);
    evictOldest(this.codes, MAX_CODES);
    return code;
  }

  /** Spends a code: true once for a code minted here and not yet expired, false ever after. */
  redeemCode(code: string): boolean {
    const key = digest(code);
    const expires = this.codes.get(key);
    this.codes.delete(key);
    return expires !== undefined && this.now() <= expires;
  }

  /** A new session id (32 random bytes, base64url) for the cookie. */
  openSession(): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.add(digest(id));
    // A Set keeps insertion order, so the first entry is the oldest session.
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.values().next().value as string);
    return id;
  }

  hasSession(id: string | undefined): boolean {
    return id !== undefined && id.length > 0 && this.sessions.has(digest(id));
  }

  clear(): void {
    this.codes.clear();
    this.sessions.clear();
  }
}
