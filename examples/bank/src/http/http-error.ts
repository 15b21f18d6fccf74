/**
 * A request the API refuses before it reaches the application (malformed JSON, a bad query
 * parameter, an unknown route…), with the status and error code to answer.
 *
 * @example
 * throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON');
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
