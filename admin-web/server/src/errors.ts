/**
 * The one error model of the server: every failure a client sees is an ApiError with a stable
 * machine code, rendered as `{ error: { code, message, details? } }` and never with a stack.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError('not-found', 404, `${what} not found`);
export const conflict = (code: string, message: string) => new ApiError(code, 409, message);
export const badRequest = (code: string, message: string, details?: unknown) => new ApiError(code, 400, message, details);

export function errorBody(e: ApiError): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
}
