import { describe, expect, it } from "vitest";
import { checkPolicy } from "@/lib/policy/compile";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { policyStatementAnchor, statementAnchors } from "./statement-anchors";

describe("statementAnchors", () => {
  it("puts each statement's anchor on its first line, whatever order Cedar gives them in", () => {
    const checked = checkPolicy(DEFAULT_POLICY);
    if (!checked.ok) throw new Error("the default policy should be valid");
    const lines = DEFAULT_POLICY.split("\n");
    const anchors = statementAnchors(DEFAULT_POLICY, checked.statements);
    expect(anchors).toHaveLength(checked.statements.length);
    for (const { line, id } of anchors) expect(lines[line]).toBe(`@id("${id}")`);
  });

  it("finds statements without ids, and the same statement written twice", () => {
    const text = "permit(principal, action, resource);\n// again\npermit(principal, action, resource);";
    const same = "permit(principal, action, resource);";
    expect(
      statementAnchors(text, [
        { id: "policy1", text: same },
        { id: "policy0", text: same },
      ]),
    ).toEqual([
      { line: 0, id: "policy1" },
      { line: 2, id: "policy0" },
    ]);
    expect(statementAnchors(text, [{ id: "gone", text: "forbid(principal, action, resource);" }])).toEqual(
      [],
    );
  });

  it("makes an anchor any statement id can live in", () => {
    expect(policyStatementAnchor("refund over 50")).toBe("statement-refund%20over%2050");
  });
});
