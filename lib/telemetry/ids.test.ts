import { describe, expect, it } from "vitest";
import { newSpanId, newTraceId } from "./ids";

describe("trace and span ids", () => {
  it("are lower-case hex of OpenTelemetry's lengths and never repeat across pool refills", () => {
    const spans = Array.from({ length: 5000 }, newSpanId);
    const traces = Array.from({ length: 1000 }, newTraceId);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(spans).size).toBe(spans.length);
    expect(new Set(traces).size).toBe(traces.length);
  });
});
