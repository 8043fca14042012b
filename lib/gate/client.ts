import type { z } from "zod";
import type { SnakeCaseKeys } from "@/lib/http/naming";
import type { GateRunEvent } from "./events";
import type {
  GateDecision,
  gateCallSchema,
  gateFinishSchema,
  gateResultSchema,
  gateUsageSchema,
  openGateRunSchema,
} from "./schemas";

/**
 * A small client of the gate API (docs/gate.md) for agents written in TypeScript, typed from the
 * API's own schemas. Every POST carries an Idempotency-Key and is retried with it on a dropped
 * connection or a 5xx, so a retry never opens a second run or records a result twice.
 */
export type GateClientOptions = {
  /** Flightdeck's address, e.g. https://flightdeck.example.com */
  baseUrl: string;
  /** An API key of the tenant (operator or admin). */
  apiKey: string;
  fetch?: typeof fetch;
  /** Attempts per request on connection errors and 5xx answers (default 3). */
  attempts?: number;
};

export class GateApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "GateApiError";
  }
}

export type OpenedRun = { id: string; status: string; trace_id: string };
export type RecordedResult = { call_id: string; seq: number; receipt: boolean };
export type RecordedUsage = { seq: number; cost_usd: number | null };
export type FinishedRun = { status: string; stop_reason: string | null; error: string | null };

export type GateRun = {
  readonly id: string;
  ask(call: z.input<typeof gateCallSchema>): Promise<GateDecision>;
  /** Where a call stands, waiting up to `seconds` (≤ 60) while a person decides it. */
  callState(callId: string, seconds?: number): Promise<GateDecision>;
  reportResult(callId: string, result: z.input<typeof gateResultSchema>): Promise<RecordedResult>;
  reportUsage(usage: z.input<typeof gateUsageSchema>): Promise<RecordedUsage>;
  finish(input: z.input<typeof gateFinishSchema>): Promise<FinishedRun>;
  /** The run's state as it changes (server-sent events); ends with the run, or when `signal` aborts. */
  events(signal?: AbortSignal): AsyncIterable<GateRunEvent>;
};

export type GateClient = {
  openRun(input: SnakeCaseKeys<z.input<typeof openGateRunSchema>>): Promise<GateRun>;
  /** A run opened earlier (by id), e.g. after the agent's process restarted. */
  run(id: string): GateRun;
};

export function gateClient(options: GateClientOptions): GateClient {
  const send = sender(options);
  const run = (id: string): GateRun => {
    const base = `/api/v1/gate/runs/${encodeURIComponent(id)}`;
    return {
      id,
      ask: (call) => send<GateDecision>("POST", `${base}/calls`, call),
      callState: (callId, seconds = 0) =>
        send<GateDecision>("GET", `${base}/calls/${encodeURIComponent(callId)}?wait=${seconds}`),
      reportResult: (callId, result) =>
        send<RecordedResult>("POST", `${base}/calls/${encodeURIComponent(callId)}/result`, result),
      reportUsage: (usage) => send<RecordedUsage>("POST", `${base}/usage`, usage),
      finish: (input) => send<FinishedRun>("POST", `${base}/finish`, input),
      events: (signal) => readEvents(options, `${base}/events`, signal),
    };
  };
  return {
    openRun: async (input) => run((await send<OpenedRun>("POST", "/api/v1/gate/runs", input)).id),
    run,
  };
}

function sender(options: GateClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const attempts = Math.max(1, options.attempts ?? 3);
  const root = options.baseUrl.replace(/\/+$/, "");
  return async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    if (method === "POST") {
      headers["content-type"] = "application/json";
      headers["idempotency-key"] = crypto.randomUUID();
    }
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(`${root}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt >= attempts) throw error;
        await pause(attempt);
        continue;
      }
      // The first attempt may still be running (409 with Retry-After) or the server was briefly away.
      const retryable =
        response.status >= 500 || (response.status === 409 && response.headers.has("retry-after"));
      if (retryable && attempt < attempts) {
        await pause(attempt, Number(response.headers.get("retry-after")));
        continue;
      }
      const json = (await response.json().catch(() => ({}))) as {
        error?: { code?: string; message?: string };
      };
      if (!response.ok)
        throw new GateApiError(
          response.status,
          json.error?.code ?? "error",
          json.error?.message ?? `The gate answered ${response.status}.`,
        );
      return json as T;
    }
  };
}

const pause = (attempt: number, retryAfterSeconds = 0) =>
  new Promise((resolve) =>
    setTimeout(resolve, retryAfterSeconds > 0 ? Math.min(retryAfterSeconds, 10) * 1000 : 200 * 2 ** attempt),
  );

/** Reads a server-sent event stream: each `run` event's data, until `end` or the stream closes. */
async function* readEvents(
  options: GateClientOptions,
  path: string,
  signal?: AbortSignal,
): AsyncGenerator<GateRunEvent> {
  const response = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, "")}${path}`, {
    headers: { authorization: `Bearer ${options.apiKey}`, accept: "text/event-stream" },
    signal,
  });
  if (!response.ok || !response.body) {
    const json = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new GateApiError(
      response.status,
      json.error?.code ?? "error",
      json.error?.message ?? "No event stream.",
    );
  }
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === "end") return;
      if (event === "run" && data) yield JSON.parse(data) as GateRunEvent;
    }
  }
}
