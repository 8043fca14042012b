"use client";

import { useCallback, useEffect, useState } from "react";
import type { RunView, SpanView, StepView } from "@/lib/runs/live-view";
import { mergeOutlines, mergeSpans } from "@/lib/runs/trace-merge";
import type { OutlinePage } from "@/lib/runs/trace-outline";
import { isTerminalStatus } from "./format";

export type RunState = { run: RunView; steps: StepView[]; spans: SpanView[] };
export type Connection = "connecting" | "live" | "reconnecting" | "ended" | "failed";

function mergeStep(steps: StepView[], step: StepView): StepView[] {
  if (steps.some((s) => s.seq === step.seq)) return steps;
  return [...steps, step].sort((a, b) => a.seq - b.seq);
}

/**
 * Starts from what the server rendered and follows the run's SSE stream from step `after` until it
 * ends. Steps are merged by seq, so a step delivered twice (say, around a reconnect, or by both the
 * stream and a long run's outline pages) is shown once.
 */
export function useRunStream(
  initial: RunState,
  after: number,
): { state: RunState; connection: Connection; addOutlines: (page: OutlinePage) => void } {
  const [state, setState] = useState(initial);
  const done = isTerminalStatus(initial.run.status);
  const [connection, setConnection] = useState<Connection>(done ? "ended" : "connecting");
  const runId = initial.run.id;
  const addOutlines = useCallback(
    (page: OutlinePage) => setState((s) => ({ ...s, ...mergeOutlines(s, page) })),
    [],
  );

  useEffect(() => {
    if (done) return;
    const source = new EventSource(`/api/runs/${runId}/stream?after=${after}`);
    source.onopen = () => setConnection("live");
    source.onerror = () =>
      setConnection(source.readyState === EventSource.CLOSED ? "failed" : "reconnecting");
    source.addEventListener("step", (event) => {
      const step = JSON.parse(event.data) as StepView;
      setState((s) => ({ ...s, steps: mergeStep(s.steps, step) }));
    });
    source.addEventListener("run", (event) => {
      const { run, spans } = JSON.parse(event.data) as Pick<RunState, "run" | "spans">;
      setState((s) => ({ ...s, run, spans: mergeSpans(s.spans, spans) }));
    });
    // Without this the browser would reconnect to a finished run forever.
    source.addEventListener("end", () => {
      source.close();
      setConnection("ended");
    });
    return () => source.close();
  }, [runId, after, done]);

  return { state, connection, addOutlines };
}
