import { tokenizeCedarLine } from "./cedar-tokens";

/** The fragment of a statement of the active policy on the Policies page (`/policies#…`). */
export const policyStatementAnchor = (statementId: string) => `statement-${encodeURIComponent(statementId)}`;

/**
 * The line (0-based) where each statement of a policy text begins, its annotations included, in
 * order: a statement starts at the first code after the previous one's `;` (comments and strings
 * do not count, as Cedar reads them).
 */
export function statementStartLines(text: string): number[] {
  const starts: number[] = [];
  let inside = false;
  text.split("\n").forEach((line, index) => {
    for (const token of tokenizeCedarLine(line)) {
      if (token.kind === "comment") continue;
      const chars = token.kind === "text" ? token.text : token.text.trim() ? "x" : "";
      for (const char of chars) {
        if (char.trim() === "") continue;
        if (!inside) {
          starts.push(index);
          inside = true;
        }
        if (char === ";" && token.kind === "text") inside = false;
      }
    }
  });
  return starts;
}
