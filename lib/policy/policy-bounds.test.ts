import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { checkPolicy } from "./compile";
import { POLICY_BOUNDS, policyBoundsProblem } from "./policy-bounds";

const statement = (condition: string) => `permit(principal, action, resource) when { ${condition} };`;
const nested = (depth: number) => statement(`${"(".repeat(depth)}true${")".repeat(depth)}`);
const chained = (terms: number) => statement(Array(terms).fill("true").join(" && "));

describe("policy bounds", () => {
  it("leave room for real policies: the default one is far inside them", () => {
    expect(policyBoundsProblem(DEFAULT_POLICY)).toBeNull();
    expect(policyBoundsProblem(nested(POLICY_BOUNDS.maxNesting - 1))).toBeNull();
    expect(policyBoundsProblem(chained(POLICY_BOUNDS.maxOperatorsPerStatement))).toBeNull();
  });

  it("refuse, naming the limit, what broke Cedar's WebAssembly", () => {
    expect(policyBoundsProblem(nested(200))).toMatch(/more than 24 levels/);
    expect(policyBoundsProblem(statement(`${"[".repeat(200)}1${"]".repeat(200)} == [1]`))).toMatch(/levels/);
    expect(
      policyBoundsProblem(statement(`${"if true then ".repeat(100)}true${" else false".repeat(100)}`)),
    ).toMatch(/if-expressions/);
    expect(policyBoundsProblem(chained(3000))).toMatch(/more than 90 operators/);
    expect(policyBoundsProblem(statement(`${Array(3000).fill("1").join(" + ")} == 1`))).toMatch(/operators/);
    expect(policyBoundsProblem(statement("true").repeat(301))).toMatch(/more than 300 statements/);
    expect(policyBoundsProblem(`// ${"x".repeat(70_000)}`)).toMatch(/limit is 65,536/);
  });

  it("count operators per statement, and nothing inside strings or comments", () => {
    const many = Array.from({ length: 80 }, () => chained(80)).join("\n");
    expect(policyBoundsProblem(many)).toBeNull();
    expect(policyBoundsProblem(statement(`context.note == "${"((((".repeat(50)}"`))).toBeNull();
    expect(policyBoundsProblem(`// ${"(".repeat(100)}\n${statement("true")}`)).toBeNull();
  });

  it("keep such text away from Cedar: a refusal, and the engine still works", () => {
    // 361 chained `+` or 364 `&&` pass Cedar's parser and validator, then fault when a call is decided.
    for (const text of [
      nested(200),
      chained(5000),
      chained(364),
      statement(`${Array(361).fill("1").join(" + ")} == 1`),
    ]) {
      const checked = checkPolicy(text);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.unprocessable).toBe(true);
    }
    expect(checkPolicy(DEFAULT_POLICY).ok).toBe(true);
  });
});
