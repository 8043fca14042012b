"use client";

import { useCallback, useRef, useState } from "react";
import type { LiveState } from "@/components/live/live-source";
import { useLiveSource } from "@/components/live/use-live-source";
import type { RunView, SpanView, StepView } from "@/lib/runs/live-view";
import { mergeOutlines, mergeSpans } from "@/lib/runs/trace-merge";
import type { OutlinePage } from "@/lib/runs/trace-outline";
import { isTerminalStatus } from "./format";

export type RunState = { run: RunView; steps: StepView[]; spans: SpanView[] };

function mergeStep(steps: StepView[], step: StepView): StepView[] {
  if (steps.some((s) => s.seq === step.seq)) return steps;
  return [...steps, step].sort((a, b) => a.seq - b.seq);
}

/**
 * Starts from what the server rendered and follows the run's SSE stream from step `after` until it
 * ends. Steps are merged by seq, so a step delivered twice (say, around a reconnect, or by both the
 * stream and a long run's outline pages) is shown once. `live` is null once the run has ended.
 */
export function useRunStream(
  initial: RunState,
  after: number,
): { state: RunState; live: LiveState | null; addOutlines: (page: OutlinePage) => void } {
  const [state, setState] = useState(initial);
  const [ended, setEnded] = useState(isTerminalStatus(initial.run.status));
  const lastSeq = useRef(after);
  const runId = initial.run.id;
  const addOutlines = useCallback(
    (page: OutlinePage) => setState((s) => ({ ...s, ...mergeOutlines(s, page) })),
    [],
  );

  const live = useLiveSource(ended ? null : `/api/runs/${runId}/stream?after=${after}`, {
    // Reopened after an outage, the stream resumes after the last step received.
    resumeUrl: () => `/api/runs/${runId}/stream?after=${lastSeq.current}`,
    events: {
      step: (event) => {
        const step = JSON.parse(event.data) as StepView;
        lastSeq.current = Math.max(lastSeq.current, step.seq);
        setState((s) => ({ ...s, steps: mergeStep(s.steps, step) }));
      },
      run: (event) => {
        const { run, spans } = JSON.parse(event.data) as Pick<RunState, "run" | "spans">;
        setState((s) => ({ ...s, run, spans: mergeSpans(s.spans, spans) }));
      },
      // Without this the browser would reconnect to a finished run forever.
      end: () => setEnded(true),
    },
  });

  return { state, live: ended ? null : live, addOutlines };
}
