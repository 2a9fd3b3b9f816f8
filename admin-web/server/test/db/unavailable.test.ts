import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { toApiError } from '../../src/http/error-handler.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database unavailable', () => {
  it('recognises refused and lost connections and a database shutting down or starting', () => {
    for (const err of [
      pgError('ECONNREFUSED'),
      pgError('ECONNRESET'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      pgError('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
    ]) {
      expect(isDatabaseUnavailable(err), err.message).toBe(true);
      expect(toApiError(err)).toMatchObject({ code: 'database-unavailable', httpStatus: 503 });
    }
  });

  it('leaves bad queries, constraint violations and other failures as internal errors', () => {
    for (const err of [pgError('42601', 'syntax error'), pgError('23505', 'duplicate key'), pgError('SQLITE_CONSTRAINT'), new Error('boom')]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
      expect(toApiError(err)).toMatchObject({ code: 'internal', httpStatus: 500 });
    }
    expect(isDatabaseUnavailable('text')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
