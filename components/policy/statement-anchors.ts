/** The fragment of a statement of the active policy on the Policies page (`/policies#…`). */
export const policyStatementAnchor = (statementId: string) => `statement-${encodeURIComponent(statementId)}`;

export type StatementAnchor = { line: number; id: string };

/**
 * The line (0-based) each statement of a policy text starts on, its annotations included. Cedar
 * hands the statements back out of order but each as its slice of the text, so each is found in
 * the text (a statement written twice takes the next place not yet taken).
 */
export function statementAnchors(
  text: string,
  statements: { id: string; text: string }[],
): StatementAnchor[] {
  const taken = new Set<number>();
  const anchors: StatementAnchor[] = [];
  for (const statement of statements) {
    let at = text.indexOf(statement.text);
    while (at >= 0 && taken.has(at)) at = text.indexOf(statement.text, at + 1);
    if (at < 0) continue;
    taken.add(at);
    let line = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
    anchors.push({ line, id: statement.id });
  }
  return anchors.sort((a, b) => a.line - b.line);
}
