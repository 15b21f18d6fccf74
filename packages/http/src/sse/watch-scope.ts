/**
 * What `authorize` may allow an SSE request to see, when not everything: the request's own
 * filters must stay inside it, and a request that names no stream, aggregate or type gets the
 * scope's. Streams and aggregates together say which streams; types, which events of them.
 */
export interface WatchScope {
  readonly streams?: readonly string[];
  readonly aggregates?: readonly string[];
  readonly types?: readonly string[];
}
