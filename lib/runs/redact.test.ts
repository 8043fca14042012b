import { describe, expect, it } from "vitest";
import { REDACTED, redactModelPayload, redactSpanAttributes, redactToolPayload, redactValue } from "./redact";

describe("redaction for viewers", () => {
  it("keeps keys, numbers and booleans and hides every string", () => {
    expect(redactValue({ order_id: "O-5004", amount_usd: 120, ok: true, items: [{ name: "Mug" }] })).toEqual({
      order_id: REDACTED,
      amount_usd: 120,
      ok: true,
      items: [{ name: REDACTED }],
    });
  });

  it("redacts a workflow node's output but keeps its node", () => {
    const redacted = redactModelPayload({
      text: '{"summary":"Lamp flickers"}',
      toolCalls: [],
      finishReason: "tool-calls",
      usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 },
      costUsd: 0,
      workflow: {
        node: "classify",
        output: { category: "refund", amount_usd: 85, summary: "Lamp flickers" },
      },
    });
    expect(redacted.workflow).toEqual({
      node: "classify",
      output: { category: REDACTED, amount_usd: 85, summary: REDACTED },
    });
    expect(JSON.stringify(redacted)).not.toContain("Lamp");
  });

  it("redacts a tool step's arguments, result and receipt but not its name and status", () => {
    const redacted = redactToolPayload({
      toolCallId: "c1",
      toolName: "send_email",
      args: { to: "a@b.test", subject: "Hi", body: "Secret" },
      status: "ok",
      result: { outbox_id: 3, to: "a@b.test" },
      receipt: { outbox_id: 3, to: "a@b.test" },
      idempotencyKey: "k",
    });
    expect(redacted).toMatchObject({
      toolName: "send_email",
      status: "ok",
      result: { outbox_id: 3, to: REDACTED },
    });
    expect(JSON.stringify(redacted)).not.toContain("a@b.test");
    expect(JSON.stringify(redacted)).not.toContain("Secret");
  });

  it("keeps a policy decision's outcome and provenance but hides facts, comments and the model's arguments", () => {
    const redacted = redactToolPayload({
      toolCallId: "c1",
      toolName: "send_email",
      args: { to: "a@b.test" },
      status: "ok",
      result: {},
      receipt: null,
      idempotencyKey: "k",
      policy: {
        effect: "approval",
        policyIds: ["email-recipient-from-untrusted-text"],
        version: 2,
        message: "Needs a person's approval.",
        resource: 'Recipient::"a@b.test"',
        facts: { recipient_domain: "b.test", link_hosts: ["phish.test"] },
        provenance: { to: "untrusted" },
        ms: 0.2,
      },
      approval: {
        id: "x",
        status: "approved",
        decidedBy: "Ops",
        comment: "Customer c@d.test confirmed",
        originalArgs: { to: "c@d.test" },
        waitedMs: 5,
      },
    });
    expect(redacted.policy).toMatchObject({ effect: "approval", provenance: { to: "untrusted" } });
    expect(JSON.stringify(redacted)).not.toMatch(/b\.test|d\.test|phish/);
  });

  it("hides an observed span's text but its models' and tools' names, for a role without payloads", () => {
    expect(
      redactSpanAttributes({
        "gen_ai.request.model": "gpt-5-mini",
        "gen_ai.tool.name": "lookup_order",
        "gen_ai.input.messages": "Refund Ada Lovelace, card 4242…",
        "gen_ai.tool.call.arguments": '{"email":"ada@example.com"}',
        "gen_ai.usage.input_tokens": 1000,
        "flightdeck.policy.decision": "allow",
      }),
    ).toEqual({
      "gen_ai.request.model": "gpt-5-mini",
      "gen_ai.tool.name": "lookup_order",
      "gen_ai.input.messages": REDACTED,
      "gen_ai.tool.call.arguments": REDACTED,
      "gen_ai.usage.input_tokens": 1000,
      "flightdeck.policy.decision": "allow",
    });
  });
});
