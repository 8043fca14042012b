import { APICallError } from "ai";

export class ModelTimeoutError extends Error {
  constructor(ms: number) {
    super(`The model did not answer within ${Math.round(ms / 1000)} s.`);
    this.name = "ModelTimeoutError";
  }
}

/** A model call that must not be retried, with a message an operator can act on. */
export class ModelCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ModelCallError";
  }
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504, 529]);
const QUOTA = /insufficient_quota|billing|exceeded your current quota/i;

export type ModelErrorClass = "transient" | "quota" | "auth" | "other";

/** Transient faults are retried; an exhausted quota or a refused key is not: waiting will not fix them. */
export function classifyModelError(error: unknown): ModelErrorClass {
  if (error instanceof ModelTimeoutError) return "transient";
  if (!APICallError.isInstance(error)) return "other";
  const status = error.statusCode;
  if (status === 401 || status === 403) return "auth";
  if (status === 429 && QUOTA.test(error.responseBody ?? "")) return "quota";
  if (status !== undefined) return TRANSIENT_STATUS.has(status) ? "transient" : "other";
  // No status: the request never got an answer (connection refused or reset).
  return error.isRetryable ? "transient" : "other";
}

export const isTransientModelError = (error: unknown) => classifyModelError(error) === "transient";

/** The wait a 429 or 503 asks for (`retry-after-ms`, `retry-after` in seconds or as a date), if any. */
export function retryAfterMs(error: unknown): number | null {
  if (!APICallError.isInstance(error)) return null;
  const headers = error.responseHeaders ?? {};
  const ms = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers["retry-after"];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Turns a final failure into the message the run ends with. */
export function modelFailure(error: unknown, model: string): Error {
  const kind = classifyModelError(error);
  if (kind === "auth" && APICallError.isInstance(error))
    return new ModelCallError(
      `${model} refused the request (HTTP ${error.statusCode}): check the API key configured for this provider.`,
      { cause: error },
    );
  if (kind === "quota" && APICallError.isInstance(error))
    return new ModelCallError(
      `${model} has no quota left (HTTP 429, ${snippet(error.responseBody)}): check the provider's billing; not retried.`,
      { cause: error },
    );
  return error instanceof Error ? error : new Error(String(error));
}

const snippet = (body: string | undefined) => (body ?? "").replace(/\s+/g, " ").slice(0, 200);
