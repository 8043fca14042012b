import { describe, expect, it } from "vitest";
import { policyStatementAnchor, statementStartLines } from "./statement-anchors";

describe("statementStartLines", () => {
  it("finds each statement's first line, annotations included, past comments and strings", () => {
    const text = [
      "// reads; always allowed",
      '@id("reads")',
      "permit(principal, action, resource)",
      '  when { context.note == "a; b" };',
      "",
      'forbid(principal, action, resource); @id("x") permit(principal, action, resource);',
      "permit(",
      "  principal, action, resource",
      ");",
    ].join("\n");
    expect(statementStartLines(text)).toEqual([1, 5, 5, 6]);
  });

  it("makes an anchor any statement id can live in", () => {
    expect(policyStatementAnchor("refund over 50")).toBe("statement-refund%20over%2050");
  });
});
