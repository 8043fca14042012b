import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { cedar } from "./cedar-engine";
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

describe("like patterns", () => {
  const like = (pattern: string) => statement(`context.s like "${pattern}"`);
  const { maxLikes, maxLikePatternChars, maxLikeCharsAfterWildcard } = POLICY_BOUNDS;

  it("refuse a pattern that would stall every tenant, naming where it is", () => {
    const slow = `@id("slow") permit(principal, action == Action::"write_file", resource) when { context.args has content && context.args.content like "*${"a".repeat(64_000)}b" };`;
    expect(policyBoundsProblem(`// files\n${like("incidents/*")}\n${slow}`)).toBe(
      "Statement 2 (line 3) has a like pattern of 64,002 characters; the limit is 128.",
    );
    const checked = checkPolicy(slow);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.unprocessable).toBe(true);
  });

  it("let ordinary patterns through, with room to spare", () => {
    const guards = ["*.env", "*.pem", "*/.ssh/*", "*id_rsa*", "https://hooks.example.com/*", "incidents/*"];
    const policy = guards.map((p) => like(p)).join("\n");
    expect(policyBoundsProblem(policy)).toBeNull();
    // An escaped \* is a literal character, not a wildcard: only what follows a real one counts.
    expect(policyBoundsProblem(like(`${"\\*".repeat(100)}*${"a".repeat(27)}`))).toBeNull();
    const secrets = guards.slice(0, 4).map((p) => `context.args.path like "${p}"`);
    const forbid = `@id("no-secrets") forbid(principal, action == Action::"write_file", resource) when { ${secrets.join(" || ")} };`;
    expect(checkPolicy(`${DEFAULT_POLICY}\n${forbid}`).ok).toBe(true);
  });

  it("count patterns, their length and what follows a wildcard over the whole policy", () => {
    expect(policyBoundsProblem(like("x*").repeat(maxLikes))).toBeNull();
    expect(policyBoundsProblem(like("x*").repeat(maxLikes + 1))).toBe(
      `The policy has more than ${maxLikes} like operators (the limit; statement ${maxLikes + 1}, line 1, has one too many): each one scans the whole text it is matched against.`,
    );
    expect(policyBoundsProblem(like("a".repeat(maxLikePatternChars)))).toBeNull();
    expect(policyBoundsProblem(like("a".repeat(maxLikePatternChars + 1)))).toMatch(/of 129 characters/);
    const half = like(`*${"a".repeat(maxLikeCharsAfterWildcard / 2)}`);
    expect(policyBoundsProblem(half + half)).toBeNull();
    expect(policyBoundsProblem(`${half}\n${half}\n${like("*z")}`)).toMatch(
      /^Statement 3 \(line 3\) brings the characters after the first \* of the policy's like patterns to 65; the limit is 64 in all\./,
    );
    // Strings that are not patterns do not count.
    expect(policyBoundsProblem(statement(`context.s == "*${"a".repeat(1000)}"`).repeat(2))).toBeNull();
  });

  it("keep the worst policy within the bounds fast against the longest text a call may carry", () => {
    // A gate call's whole body is at most 256 KiB (lib/http/api-route.ts); write_file's content 200,000.
    const text = "a".repeat(256 * 1024);
    const prefix = "a".repeat(maxLikePatternChars - maxLikeCharsAfterWildcard - 1);
    const rest = like("*").repeat(maxLikes - 1);
    const worst = {
      // Cedar retries what follows a wildcard at every position of the text, and every like scans it.
      "the longest retried run": like(`${prefix}*${"a".repeat(maxLikeCharsAfterWildcard - 1)}b`) + rest,
      "the most wildcards": like(`${"*a".repeat(maxLikeCharsAfterWildcard - 1)}*b`) + rest,
    };
    const decide = (policy: string, s: string) =>
      cedar().isAuthorized({
        principal: { type: "Agent", id: "a" },
        action: { type: "Action", id: "write_file" },
        resource: { type: "File", id: "f" },
        context: { s },
        policies: { staticPolicies: policy },
        entities: [],
      });
    for (const [shape, policy] of Object.entries(worst)) {
      expect(policyBoundsProblem(policy), shape).toBeNull();
      decide(policy, "warm-up");
      // The fastest of three: another process on the machine may take the CPU from any one of them.
      // About 45 ms of CPU at these limits (policy-bounds.ts); 64,000 characters after a * took seconds.
      const times = [1, 2, 3].map(() => {
        const started = performance.now();
        const answer = decide(policy, text);
        expect(answer.type === "success" && answer.response.decision, shape).toBe("allow");
        return performance.now() - started;
      });
      expect(Math.min(...times), shape).toBeLessThan(500);
    }
  });
});
