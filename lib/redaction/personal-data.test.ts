import { describe, expect, it } from "vitest";
import { compileRedactor, DEFAULT_REDACTION_RULES, patternProblem } from "./personal-data";

const all = compileRedactor(DEFAULT_REDACTION_RULES);

describe("personal data redaction", () => {
  it("hides names, email addresses, phone numbers, street addresses and card digits", () => {
    const text =
      "Refunded $120 on O-5004 to Jane Doe (jane.doe@example.com, +1 415 555 0132) at 42 Elm Street; card 4111 1111 1111 1234.";
    const out = all.text(text) ?? "";
    for (const secret of ["Jane", "Doe", "jane.doe@", "415 555", "Elm", "4111 1111"])
      expect(out).not.toContain(secret);
    expect(out).toContain("$120");
    expect(out).toContain("O-5004");
    expect(out).toContain("•••• 1234");
    expect(out).toContain("j•••@example.com");
  });

  it("keeps what a viewer needs: ids, amounts, dates, statuses and the sentence's first word", () => {
    const text = "Resolve ticket T-1004 by 2026-12-05: refund 49.50 USD, status resolved.";
    expect(all.text(text)).toBe(text);
  });

  it("finds names after greetings and labels", () => {
    expect(all.text("Dear Mary Ann Smith, your order shipped.")).toBe("Dear [name], your order shipped.");
    expect(all.text("Customer: Bob Stone")).toBe("Customer: [name]");
  });

  it("applies only the types a tenant chose, plus its own patterns, case-insensitively", () => {
    const some = compileRedactor({ types: ["email"], patterns: ["project-[a-z]+", "Falcon"] });
    expect(some.text("Jane Doe asked about Project-Nova and FALCON: jane@example.com")).toBe(
      "Jane Doe asked about [redacted] and [redacted]: j•••@example.com",
    );
  });

  it("runs a hostile pattern in linear time, and explains a broken one", () => {
    const hostile = compileRedactor({ types: [], patterns: ["(a+)+$"] });
    const started = performance.now();
    hostile.text(`${"a".repeat(50_000)}!`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(patternProblem("(unclosed")).toMatch(/missing closing/);
    expect(patternProblem("order-\\d+")).toBeNull();
  });

  it("passes null through", () => {
    expect(all.text(null)).toBeNull();
  });
});
