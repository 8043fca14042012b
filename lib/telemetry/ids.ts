import { randomBytes } from "node:crypto";

// Ids are cut from a pooled block of random bytes: one call into the random generator per few
// hundred ids instead of one per id (each also checks the process id), on every step's path.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** OpenTelemetry ids: a 16-byte trace id and 8-byte span ids, lower-case hex. */
export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);

/** The same call of the same run always gets the same key, so a retry cannot double an effect. */
export const idempotencyKeyFor = (runId: string, turn: number, toolCallId: string): string =>
  `${runId}:${turn}:${toolCallId}`;
