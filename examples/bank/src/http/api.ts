import type { IncomingHttpHeaders } from 'node:http';

/** What a route handler gets of an HTTP request. */
export interface ApiRequest {
  /** The path parameters, by name (`/accounts/:accountId` gives `accountId`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The request's JSON body; `undefined` when it is empty. */
  body(): Promise<unknown>;
}

/** What a route handler answers: a status and a JSON body. */
export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler = (request: ApiRequest) => Promise<ApiResponse>;
