import "server-only";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export type Sink = {
  send: (event: string, data: unknown, id?: number) => void;
  close: () => void;
  readonly closed: boolean;
  /** Runs when the stream ends for any reason (client gone, server done, error). */
  onClose: (cleanup: () => void) => void;
  onHeartbeat: (tick: () => void) => void;
};

/**
 * A server-sent-events response. `no-transform` keeps response compression from buffering events;
 * the heartbeat comment keeps proxies from closing an idle connection.
 */
export function sseResponse(signal: AbortSignal, setup: (sink: Sink) => Promise<void>): Response {
  const cleanups: (() => void)[] = [];
  const ticks: (() => void)[] = [];
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    signal.removeEventListener("abort", close);
    for (const cleanup of cleanups) cleanup();
    try {
      controller.close();
    } catch {
      // Already closed by the client going away.
    }
  };
  const sink: Sink = {
    send: (event, data, id) =>
      write(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close,
    get closed() {
      return closed;
    },
    onClose: (cleanup) => (closed ? cleanup() : cleanups.push(cleanup)),
    onHeartbeat: (tick) => ticks.push(tick),
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      signal.addEventListener("abort", close, { once: true });
      heartbeat = setInterval(() => {
        write(": heartbeat\n\n");
        for (const tick of ticks) tick();
      }, HEARTBEAT_MS);
      write("retry: 3000\n\n");
      setup(sink).catch((error) => {
        console.error("A live stream failed; the browser reconnects and resumes", error);
        close();
      });
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
