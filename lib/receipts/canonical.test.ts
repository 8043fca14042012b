import { describe, expect, it } from "vitest";
import type { ToolStepPayload } from "@/db/schema/run-steps";
import { canonicalJson, hashCanonical } from "@/lib/canonical-json";
import { sha256Hex } from "@/lib/sha256";
import { receiptContentHash, receiptContentOf, receiptOf } from "./canonical";

// The serialisation receipts of format 1 were hashed with, and loop-guard and idempotency keys
// were made with: normalise through JSON, sort keys recursively, serialise.
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

// IEEE 754 doubles and their text, from RFC 8785 appendix B.
const numberVectors: [string, string][] = [
  ["0000000000000000", "0"],
  ["8000000000000000", "0"],
  ["0000000000000001", "5e-324"],
  ["8000000000000001", "-5e-324"],
  ["7fefffffffffffff", "1.7976931348623157e+308"],
  ["ffefffffffffffff", "-1.7976931348623157e+308"],
  ["4340000000000000", "9007199254740992"],
  ["c340000000000000", "-9007199254740992"],
  ["4430000000000000", "295147905179352830000"],
  ["44b52d02c7e14af5", "9.999999999999997e+22"],
  ["44b52d02c7e14af6", "1e+23"],
  ["44b52d02c7e14af7", "1.0000000000000001e+23"],
  ["444b1ae4d6e2ef4e", "999999999999999700000"],
  ["444b1ae4d6e2ef4f", "999999999999999900000"],
  ["444b1ae4d6e2ef50", "1e+21"],
  ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
  ["3eb0c6f7a0b5ed8d", "0.000001"],
  ["41b3de4355555553", "333333333.3333332"],
  ["41b3de4355555554", "333333333.33333325"],
  ["41b3de4355555555", "333333333.3333333"],
  ["41b3de4355555556", "333333333.3333334"],
  ["41b3de4355555557", "333333333.33333343"],
  ["becbf647612f3696", "-0.0000033333333333333333"],
  ["43143ff3c1cb0959", "1424953923781206.2"],
];

const double = (hex: string): number => Buffer.from(hex, "hex").readDoubleBE(0);

describe("RFC 8785", () => {
  it("writes numbers as the standard's appendix B does", () => {
    for (const [hex, text] of numberVectors) expect(canonicalJson(double(hex))).toBe(text);
  });

  it("orders keys by UTF-16 code units and escapes strings as section 3.2.3 and 3.2.2 show", () => {
    const keys = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    const sample = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(sample)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("normalises what the standard refuses (NaN, Infinity, a lone surrogate) instead of failing", () => {
    expect(canonicalJson({ b: Number.NaN, a: [Number.POSITIVE_INFINITY] })).toBe('{"a":[null],"b":null}');
    expect(canonicalJson({ text: "cut \ud83d", ok: "\ud83d\ude00" })).toBe(
      '{"ok":"\ud83d\ude00","text":"cut \ufffd"}',
    );
  });
});

describe("receipt formats", () => {
  const content = { b: 1, a: { d: [{ z: 1, y: 2 }], c: "é" } };
  const text = '{"a":{"c":"é","d":[{"y":2,"z":1}]},"b":1}';

  it("hashes format 1 (sorted keys) and format 2 (RFC 8785) from their own serialisation", () => {
    expect(receiptContentHash(content, 1)).toBe(sha256Hex(text));
    expect(receiptContentHash(content, 2)).toBe(sha256Hex(text));
    expect(receiptContentHash(content, 3)).toBeNull();
  });

  // A JavaScript object lists integer-like keys first, in numeric order, whatever order they were
  // added in: format 1 therefore wrote "2" before "10", where RFC 8785 compares code units.
  it("differ on integer-like keys, so a receipt is verified in the format it was written in", () => {
    const evidence = { receipt: { "10": "ten", "2": "two", b: 1 } };
    expect(receiptContentHash(evidence, 1)).toBe(sha256Hex('{"receipt":{"2":"two","10":"ten","b":1}}'));
    expect(receiptContentHash(evidence, 2)).toBe(sha256Hex('{"receipt":{"10":"ten","2":"two","b":1}}'));
  });
});

describe("canonical JSON", () => {
  it("sorts keys recursively and drops what JSON drops", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(hashCanonical({ a: 1, b: 2 })).toBe(hashCanonical({ b: 2, a: 1 }));
  });

  it("keeps format 1 exactly as it was, and writes the same content in RFC 8785, for any JSON-like value", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(receiptContentHash(value, 1)).toBe(sha256Hex(reference(value)));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(reference(value)));
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
