import { randomBytes } from "node:crypto";

/** OpenTelemetry ids: a 16-byte trace id and 8-byte span ids, lower-case hex. */
export const newTraceId = (): string => randomBytes(16).toString("hex");
export const newSpanId = (): string => randomBytes(8).toString("hex");

/** The same call of the same run always gets the same key, so a retry cannot double an effect. */
export const idempotencyKeyFor = (runId: string, turn: number, toolCallId: string): string =>
  `${runId}:${turn}:${toolCallId}`;
