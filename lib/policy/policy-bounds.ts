/**
 * What a policy text may hold before it reaches Cedar. Cedar's parser and validator recurse over
 * the expression tree, and past a depth the WebAssembly runs out of stack and faults for good
 * (measured with @cedar-policy/cedar-wasm 4.13 on Node 24): 119 nested braces, 127 brackets or
 * 131 parentheses fault while parsing; a chain of 361 `+`, 363 `if`s or 364 `&&` or `.` parses and
 * validates but faults when a call is decided; 5,000 statements take 6 s to validate. The limits
 * keep a wide margin below each.
 *
 * `like` is the one operator whose cost grows with the text it is asked about: each one scans the
 * whole string, and Cedar retries what follows a `*` at every position of it (text × pattern: a
 * 64,000-character pattern against write_file's 200,000-character content took 11–31 s, on the
 * thread every tenant shares). Against 262,144 characters (a gate call's whole 256 KiB body), one
 * `like` costs about 0.65 ms plus 0.43 ms per character after its first `*`, and what comes before
 * it costs nearly nothing; at these limits the worst policy decides in about 45 ms of CPU, one
 * pattern at most in about 32 ms (measured with cedar-wasm 4.13 on Node 24; see the test).
 */
export const POLICY_BOUNDS = {
  maxChars: 64 * 1024,
  maxStatements: 300,
  /** Parentheses, brackets and braces open at once, and `if` expressions in one statement. */
  maxNesting: 24,
  /** Operators and attribute accesses in one statement (each adds a level to a chained expression). */
  maxOperatorsPerStatement: 90,
  /** `like` operators in the whole policy: each one scans the whole text it is matched against. */
  maxLikes: 32,
  /** Characters in one `like` pattern, each `*` or escape counting one. */
  maxLikePatternChars: 128,
  /** Characters after the first `*` of each `like` pattern, added up over the whole policy. */
  maxLikeCharsAfterWildcard: 64,
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
  let likes = 0;
  let afterWildcard = 0;
  let afterLike = false;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("//")) continue;
    if (token.startsWith('"')) {
      if (afterLike) {
        const where = `Statement ${statements + 1} (line ${lineAt(text, match.index)})`;
        const pattern = likePattern(token);
        if (pattern.chars > b.maxLikePatternChars)
          return `${where} has a like pattern of ${pattern.chars.toLocaleString("en-US")} characters; the limit is ${b.maxLikePatternChars}.`;
        afterWildcard += pattern.afterWildcard;
        if (afterWildcard > b.maxLikeCharsAfterWildcard)
          return `${where} brings the characters after the first * of the policy's like patterns to ${afterWildcard.toLocaleString("en-US")}; the limit is ${b.maxLikeCharsAfterWildcard} in all. Matching retries them at every position of the text: keep them short (what comes before the first * costs nothing).`;
      }
      afterLike = false;
      continue;
    }
    afterLike = token === "like";
    if (afterLike && ++likes > b.maxLikes)
      return `The policy has more than ${b.maxLikes} like operators (the limit; statement ${statements + 1}, line ${lineAt(text, match.index)}, has one too many): each one scans the whole text it is matched against.`;
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

/**
 * A `like` pattern as Cedar reads it: its characters (a `*` or an escape such as `\*` or `\u{41}`
 * counting one) and how many literal characters follow its first unescaped `*`.
 */
function likePattern(token: string): { chars: number; afterWildcard: number } {
  const body = /^"(?:[^"\\]|\\.)*"$/.test(token) ? token.slice(1, -1) : token.slice(1);
  let chars = 0;
  let afterWildcard = 0;
  let wildcard = false;
  for (const [char] of body.matchAll(/\\u\{[^}]*\}?|\\.?|./gsu)) {
    chars += 1;
    if (char === "*") wildcard = true;
    else if (wildcard) afterWildcard += 1;
  }
  return { chars, afterWildcard };
}

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;
