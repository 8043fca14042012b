"use client";

import { type LiveState, openLiveSource } from "@/components/live/live-source";

type Listener = (pending: number) => void;
type StateListener = (state: LiveState) => void;

const listeners = new Set<Listener>();
const stateListeners = new Set<StateListener>();
let state: LiveState = { kind: "connecting" };
let close: (() => void) | null = null;

// The stream sends the pending count again on every connect, so a reopened feed refreshes by itself.
function ensureOpen() {
  close ??= openLiveSource({
    url: () => "/api/approvals/events",
    events: {
      changed: (event) => {
        const { pending } = JSON.parse(event.data) as { pending: number };
        for (const notify of listeners) notify(pending);
      },
    },
    onState: (next) => {
      state = next;
      for (const notify of stateListeners) notify(next);
    },
  });
}

function closeWhenUnused() {
  if (listeners.size > 0 || stateListeners.size > 0) return;
  close?.();
  close = null;
  state = { kind: "connecting" };
}

/**
 * The tenant's approvals feed, one EventSource per browser tab shared by the sidebar badge and the
 * inbox: each `changed` event carries the pending count. Closed when the last subscriber leaves.
 */
export function subscribeApprovals(listener: Listener): () => void {
  listeners.add(listener);
  ensureOpen();
  return () => {
    listeners.delete(listener);
    closeWhenUnused();
  };
}

/** Whether the same feed is live, told now and on every change. */
export function subscribeApprovalsState(listener: StateListener): () => void {
  stateListeners.add(listener);
  ensureOpen();
  listener(state);
  return () => {
    stateListeners.delete(listener);
    closeWhenUnused();
  };
}
