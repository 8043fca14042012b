import { describe, expect, it } from "vitest";
import { maskEmails, REDACTED, redactToolPayload, redactValue } from "./redact";

describe("redaction for viewers", () => {
  it("keeps keys, numbers and booleans and hides every string", () => {
    expect(redactValue({ order_id: "O-5004", amount_usd: 120, ok: true, items: [{ name: "Mug" }] })).toEqual({
      order_id: REDACTED,
      amount_usd: 120,
      ok: true,
      items: [{ name: REDACTED }],
    });
  });

  it("masks email addresses in free text", () => {
    expect(maskEmails("Emailed tom.becker@example.com (outbox 3)")).toBe(
      "Emailed t•••@example.com (outbox 3)",
    );
    expect(maskEmails(null)).toBeNull();
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
});
