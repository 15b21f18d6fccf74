import './check-peers';

// Server-Sent Events for `edict.watch`
export { createSseHandler } from './sse/create-sse-handler';
export type { SseHandler, SseHandlerOptions } from './sse/create-sse-handler';
export type { SseEvent } from './sse/sse-text';
export type { WatchScope } from './sse/watch-scope';

// WebSocket live queries
export { createLiveQueryHandler } from './ws/create-live-query-handler';
export type { LiveQueryHandler, LiveQueryHandlerOptions } from './ws/create-live-query-handler';
export type { LiveQueryDefinition } from './ws/live-query-definition';
export type { ClientMessage, ServerMessage } from './ws/live-messages';

export type { Authorize } from './authorize';
