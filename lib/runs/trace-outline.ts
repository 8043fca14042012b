import type { DbOrTx } from "@/db/client";
import type { Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import {
  type SpanView,
  type StepView,
  toSpanOutline,
  toSpanView,
  toStepOutline,
  toStepView,
} from "./live-view";
import { countRunTrace, getRunSpans, getRunSteps } from "./queries";

/** Above either count a run is "long": its page starts with outlines and loads the rest in pages. */
export const LONG_TRACE = { steps: 300, spans: 600 };
/** What the page of a long run carries when it is served: enough for the first screens. */
export const FIRST_OUTLINE_PAGE = { steps: 100, spans: 200 };
/** What each later request carries (each a few hundred kilobytes of JSON). */
export const OUTLINE_PAGE = { steps: 1_500, spans: 3_000 };

export type TraceTotals = { steps: number; spans: number };

export type InitialTrace = {
  steps: StepView[];
  spans: SpanView[];
  /** Set for a long run: how many there are in all, so the browser can load the rest. */
  totals: TraceTotals | null;
};

/**
 * What the run page is served with. A short run comes whole. A long one (10,000 spans is a
 * megabyte-scale page) comes as the outlines of its first steps and spans, so it paints at once;
 * the browser then pages through the rest (`getOutlinePage`) and fetches a step's body when opened.
 */
export async function getInitialTrace(
  db: DbOrTx,
  actor: Actor,
  run: Run,
  redact: boolean,
): Promise<InitialTrace> {
  const totals = await countRunTrace(db, actor, run.id);
  if (totals.steps <= LONG_TRACE.steps && totals.spans <= LONG_TRACE.spans) {
    const [steps, spans] = await Promise.all([
      getRunSteps(db, actor, run.id),
      getRunSpans(db, actor, run.id),
    ]);
    return {
      steps: steps.map((step) => toStepView(step, redact)),
      spans: spans.map((span) => toSpanView(span, redact)),
      totals: null,
    };
  }
  const page = await getOutlinePage(db, actor, run.id, { spansOffset: 0, stepsAfter: 0 }, FIRST_OUTLINE_PAGE);
  return { steps: page.steps ?? [], spans: page.spans ?? [], totals };
}

export type OutlineCursor = {
  /** How many spans (in start order) the reader has; omitted when it needs no more. */
  spansOffset?: number;
  /** The last step seq the reader has; omitted when it needs no more. */
  stepsAfter?: number;
};

export type OutlinePage = { spans?: SpanView[]; steps?: StepView[] };

/** The next outlines of a long run's spans and steps (outlines carry no payload text: nothing to redact). */
export async function getOutlinePage(
  db: DbOrTx,
  actor: Actor,
  runId: string,
  cursor: OutlineCursor,
  limits: TraceTotals = OUTLINE_PAGE,
): Promise<OutlinePage> {
  const [spans, steps] = await Promise.all([
    cursor.spansOffset === undefined
      ? undefined
      : getRunSpans(db, actor, runId, { offset: cursor.spansOffset, limit: limits.spans }),
    cursor.stepsAfter === undefined
      ? undefined
      : getRunSteps(db, actor, runId, cursor.stepsAfter, limits.steps),
  ]);
  return { spans: spans?.map(toSpanOutline), steps: steps?.map(toStepOutline) };
}
