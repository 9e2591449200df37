/** A `stage` event of GET /api/v1/projects/{id}/events. */
export interface StageEvent {
  projectId: string;
  stage: string;
  at: string;
}

/** A `state` event: the workflow's live state whenever it changed (parties, pending, counts). */
export interface StateEvent {
  projectId: string;
  at: string;
  live: unknown;
}

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses a text/event-stream incrementally: feed chunks, get complete messages. (EventSource
 * cannot send the bearer token, so the console reads the stream with fetch.)
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      let id: string | undefined;
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length > 0) onMessage({ event, data: data.join('\n'), ...(id ? { id } : {}) });
      end = buffer.indexOf('\n\n');
    }
  };
}

export interface StreamOptions {
  token: () => string | null;
  onStage: (event: StageEvent) => void;
  onState?: (event: StateEvent) => void;
  onStatus?: (status: 'connecting' | 'open' | 'closed' | 'error') => void;
  retryMs?: number;
}

/** Follows a project's stage stream, reconnecting after drops; returns a stop function. */
export function followProjectStages(projectId: string, options: StreamOptions): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const retryMs = options.retryMs ?? 3000;

  const connect = async () => {
    if (stopped) return;
    controller = new AbortController();
    options.onStatus?.('connecting');
    try {
      const token = options.token();
      const response = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}/events`, {
        headers: {
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
      options.onStatus?.('open');
      const parse = createSseParser((message) => {
        if (message.event !== 'stage' && message.event !== 'state') return;
        try {
          const data = JSON.parse(message.data);
          if (message.event === 'state') options.onState?.(data as StateEvent);
          else options.onStage(data as StageEvent);
        } catch {
          // a malformed event is skipped; the next one carries the whole state again
        }
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
      // The server ends the stream after a final stage: nothing more will come.
      options.onStatus?.('closed');
    } catch {
      if (stopped) return;
      options.onStatus?.('error');
      timer = setTimeout(connect, retryMs);
    }
  };
  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
