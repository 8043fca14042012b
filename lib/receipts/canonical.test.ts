import { describe, expect, it } from "vitest";
import type { ToolStepPayload } from "@/db/schema/run-steps";
import { canonicalJson, hashCanonical, receiptContentOf, receiptOf } from "./canonical";

// The serialisation every stored receipt hash was made with: normalise through JSON, sort keys
// recursively, serialise. Hashes already in databases must keep verifying.
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = sort((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value === undefined ? null : JSON.parse(JSON.stringify(value))));
}

// A small deterministic generator: nested objects, arrays, dates, undefined, odd numbers and keys.
function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  const keys = ["b", "a", "10", "2", "é", "a b", "z", "_", "A", ""];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return [0, -0, 1.5, -1e21, 123456789012, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(next() * 7)];
    case 2:
      return ["", "x", 'quote " and \\ slash', "line\nbreak", "ünïcode ✓"][Math.floor(next() * 5)];
    case 3:
      return next() < 0.5;
    case 4:
      return undefined;
    case 5:
      return new Date(Math.floor(next() * 2e12));
    case 6:
    case 7: {
      const out: Record<string, unknown> = {};
      const n = Math.floor(next() * 5);
      for (let i = 0; i < n; i++)
        out[keys[Math.floor(next() * keys.length)] ?? "k"] = randomValue(next, depth + 1);
      return out;
    }
    default:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
}

describe("canonical JSON", () => {
  it("sorts keys recursively and drops what JSON drops", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(hashCanonical({ a: 1, b: 2 })).toBe(hashCanonical({ b: 2, a: 1 }));
  });

  it("writes exactly what the original serialisation wrote, for any JSON-like value", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
    expect(canonicalJson(undefined)).toBe(reference(undefined));
    expect(canonicalJson({ toJSON: () => ({ y: 1, x: [new Date(0)] }) })).toBe(
      reference({ toJSON: () => ({ y: 1, x: [new Date(0)] }) }),
    );
  });

  it("hashes a receipt as its content hashes", () => {
    const payload = {
      toolCallId: "call_1",
      toolName: "issue_refund",
      args: { order_id: "O-1", amount: 12.5 },
      status: "ok",
      result: { refund_id: "R-1" },
      receipt: { ledger_id: "L-1", amount_usd: 12.5 },
      idempotencyKey: "key",
    } as ToolStepPayload;
    const step = {
      tenantId: "t",
      runId: "r",
      seq: 3,
      payload,
      startedAt: new Date(1000),
      endedAt: new Date(2000),
    };
    const receipt = receiptOf(step);
    expect(receipt?.content).toEqual(receiptContentOf(step));
    expect(receipt?.contentHash).toBe(hashCanonical(receipt?.content));
    expect(receiptOf({ ...step, payload: { ...payload, receipt: null } })).toBeNull();
  });
});
