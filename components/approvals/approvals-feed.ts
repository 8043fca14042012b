"use client";

type Listener = (pending: number) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

/**
 * The tenant's approvals feed, one EventSource per browser tab shared by the sidebar badge and the
 * inbox: each `changed` event carries the pending count. Closed when the last subscriber leaves.
 */
export function subscribeApprovals(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource("/api/approvals/events");
    source.addEventListener("changed", (event) => {
      const { pending } = JSON.parse((event as MessageEvent<string>).data) as { pending: number };
      for (const notify of listeners) notify(pending);
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}
