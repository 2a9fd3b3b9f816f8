/**
 * Whether an error means the database cannot be reached right now (refused or dropped
 * connection, server shutting down or starting up) rather than a bad query: such a request
 * is answered 503 `database-unavailable`, and the terminal retries it later. The pool
 * replaces lost connections by itself, so the server recovers without a restart.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
// node-postgres reports a connection lost mid-query or unusable by message only.
const LOST_CONNECTION = /Connection terminated|not queryable|timeout exceeded when trying to connect/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
