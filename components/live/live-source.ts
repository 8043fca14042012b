/** Whether a page's live feed is flowing: `since` is when it was last seen failing, in epoch ms. */
export type LiveState = { kind: "connecting" } | { kind: "live" } | { kind: "offline"; since: number };

export type LiveSourceOptions = {
  /** The stream's address, read again on every reopen (a run's stream resumes after its last step). */
  url: () => string;
  events: Record<string, (event: MessageEvent<string>) => void>;
  onState: (state: LiveState) => void;
  /** Called when the feed comes back after a failure: what was missed meanwhile should be read again. */
  onRecover?: () => void;
};

const REOPEN_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * An EventSource that reports whether it is live and does not give up. The browser retries a
 * dropped stream by itself, but stops for good after an answer that is not a stream (a proxy's 502
 * while the server restarts): then it is reopened here, with a growing delay, and at once when the
 * device is back online.
 */
export function openLiveSource({ url, events, onState, onRecover }: LiveSourceOptions): () => void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let offlineSince: number | null = null;

  const failed = () => {
    offlineSince ??= Date.now();
    onState({ kind: "offline", since: offlineSince });
  };
  const open = () => {
    clearTimeout(timer);
    source?.close();
    const current = new EventSource(url());
    source = current;
    current.onopen = () => {
      failures = 0;
      const recovered = offlineSince !== null;
      offlineSince = null;
      onState({ kind: "live" });
      if (recovered) onRecover?.();
    };
    current.onerror = () => {
      failed();
      if (current.readyState !== EventSource.CLOSED) return;
      const delay = REOPEN_DELAYS_MS[Math.min(failures++, REOPEN_DELAYS_MS.length - 1)];
      timer = setTimeout(open, delay);
    };
    for (const [name, handler] of Object.entries(events)) {
      current.addEventListener(name, handler as EventListener);
    }
  };
  const wentOffline = () => {
    clearTimeout(timer);
    source?.close();
    source = null;
    failed();
  };

  window.addEventListener("offline", wentOffline);
  window.addEventListener("online", open);
  open();
  return () => {
    clearTimeout(timer);
    source?.close();
    window.removeEventListener("offline", wentOffline);
    window.removeEventListener("online", open);
  };
}
