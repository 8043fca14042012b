"use client";

import { useEffect, useRef, useState } from "react";
import { type LiveState, openLiveSource } from "./live-source";

type Options = {
  events: Record<string, (event: MessageEvent<string>) => void>;
  onRecover?: () => void;
  /** Where a reopened stream starts; `url` when not given. */
  resumeUrl?: () => string;
};

/**
 * Follows a server-sent-events stream while `url` is set and tells how it is going; the stream
 * stops when `url` becomes null (say, a run that ended). Handlers are read from the last render.
 */
export function useLiveSource(url: string | null, options: Options): LiveState {
  const [state, setState] = useState<LiveState>({ kind: "connecting" });
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    if (url === null) return;
    let opened = false;
    const events = Object.fromEntries(
      Object.keys(latest.current.events).map((name) => [
        name,
        (event: MessageEvent<string>) => latest.current.events[name]?.(event),
      ]),
    );
    return openLiveSource({
      url: () => {
        const next = opened ? (latest.current.resumeUrl?.() ?? url) : url;
        opened = true;
        return next;
      },
      events,
      onState: setState,
      onRecover: () => latest.current.onRecover?.(),
    });
  }, [url]);

  return state;
}
