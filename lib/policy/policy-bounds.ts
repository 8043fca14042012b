/**
 * What a policy text may hold before it reaches Cedar. Cedar's parser and validator recurse over
 * the expression tree, and past a depth the WebAssembly runs out of stack and faults for good
 * (measured with @cedar-policy/cedar-wasm 4.13 on Node 24): 119 nested braces, 127 brackets or
 * 131 parentheses fault while parsing; a chain of 361 `+`, 363 `if`s or 364 `&&` or `.` parses and
 * validates but faults when a call is decided; 5,000 statements take 6 s to validate. The limits
 * keep a wide margin below each.
 */
export const POLICY_BOUNDS = {
  maxChars: 64 * 1024,
  maxStatements: 300,
  /** Parentheses, brackets and braces open at once, and `if` expressions in one statement. */
  maxNesting: 24,
  /** Operators and attribute accesses in one statement (each adds a level to a chained expression). */
  maxOperatorsPerStatement: 90,
} as const;

const OPERATOR = /^(?:&&|\|\||==|!=|<=|>=|<|>|\+|-|\*|\.|in|has|like|is)$/;
const TOKEN = /"(?:[^"\\]|\\.)*"?|\/\/[^\n]*|&&|\|\||==|!=|<=|>=|[A-Za-z_][A-Za-z0-9_]*|\S/g;

/** Why the text is beyond what Flightdeck hands to Cedar, naming the limit; null when within. */
export function policyBoundsProblem(text: string): string | null {
  const b = POLICY_BOUNDS;
  if (text.length > b.maxChars)
    return `The policy is ${text.length.toLocaleString("en-US")} characters long; the limit is ${b.maxChars.toLocaleString("en-US")}.`;
  let statements = 0;
  let depth = 0;
  let ifs = 0;
  let operators = 0;
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.startsWith('"') || token.startsWith("//")) continue;
    if (token === "(" || token === "[" || token === "{") {
      depth += 1;
      if (depth > b.maxNesting)
        return `Statement ${statements + 1} nests more than ${b.maxNesting} levels of parentheses, brackets or braces (the limit): flatten it.`;
    } else if (token === ")" || token === "]" || token === "}") {
      depth = Math.max(0, depth - 1);
    } else if (token === "if" && ++ifs > b.maxNesting) {
      return `Statement ${statements + 1} has more than ${b.maxNesting} if-expressions (the limit): split it.`;
    } else if (OPERATOR.test(token) && ++operators > b.maxOperatorsPerStatement) {
      return `Statement ${statements + 1} has more than ${b.maxOperatorsPerStatement} operators (the limit): split it into several statements.`;
    } else if (token === ";" && depth === 0) {
      statements += 1;
      ifs = 0;
      operators = 0;
      if (statements > b.maxStatements)
        return `The policy has more than ${b.maxStatements} statements (the limit).`;
    }
  }
  return null;
}
