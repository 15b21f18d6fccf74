/** What a client sends over the live-query WebSocket. */
export type ClientMessage =
  | {
      readonly type: 'subscribe';
      /** The client's name for the subscription, echoed in every message about it. */
      readonly id: string;
      /** A query name the server registered. */
      readonly query: string;
      readonly params?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'unsubscribe'; readonly id: string };

/** What the server sends. */
export type ServerMessage =
  | { readonly type: 'result'; readonly id: string; readonly value: unknown; readonly position: number }
  | { readonly type: 'unsubscribed'; readonly id: string }
  | { readonly type: 'error'; readonly id?: string; readonly code: string; readonly message: string };

const ID = /^[\w.:-]{1,100}$/;

/** A client message, or the error to answer it with. */
export function parseClientMessage(text: string): ClientMessage | Extract<ServerMessage, { type: 'error' }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('the message is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('the message is not an object');
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || !ID.test(m.id)) {
    return bad("'id' must be 1 to 100 letters, digits or _ . : -");
  }
  if (m.type === 'unsubscribe') return { type: 'unsubscribe', id: m.id };
  if (m.type !== 'subscribe') return bad("'type' must be 'subscribe' or 'unsubscribe'", m.id);
  if (typeof m.query !== 'string') return bad("'query' must be the name of a query", m.id);
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) {
    return bad("'params' must be an object", m.id);
  }
  return {
    type: 'subscribe',
    id: m.id,
    query: m.query,
    ...(m.params ? { params: m.params as Record<string, unknown> } : {}),
  };
}

function bad(message: string, id?: string): Extract<ServerMessage, { type: 'error' }> {
  return {
    type: 'error',
    ...(id === undefined ? {} : { id }),
    code: 'BAD_MESSAGE',
    message: `Bad message: ${message}`,
  };
}
