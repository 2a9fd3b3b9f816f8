import { createHash, randomBytes } from 'node:crypto';

/** A bearer token (a staff cookie, a holder session): 256 random bits. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token, so a database leak yields no usable cookie. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
