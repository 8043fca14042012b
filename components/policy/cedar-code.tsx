import { tokenizeCedarLine } from "./cedar-tokens";
import { policyStatementAnchor, statementStartLines } from "./statement-anchors";

/**
 * A Cedar policy with syntax colours and line numbers (Cedar's problems point at lines).
 * `statementIds`, the ids of its statements in order, gives each statement's first line an anchor.
 */
export function CedarCode({
  text,
  label,
  statementIds,
}: {
  text: string;
  label: string;
  statementIds?: string[];
}) {
  const lines = text.replace(/\n$/, "").split("\n");
  const anchors = new Map<number, string>();
  if (statementIds)
    statementStartLines(text).forEach((line, i) => {
      const id = statementIds[i];
      if (id !== undefined) anchors.set(line, policyStatementAnchor(id));
    });
  return (
    <figure className="cedar-figure" aria-label={label} data-testid="cedar-code">
      <pre className="cedar-code">
        <code>
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reorder
            <span key={index} className="cedar-line" id={anchors.get(index)}>
              <span className="cedar-ln" aria-hidden>
                {index + 1}
              </span>
              {tokenizeCedarLine(line).map((token, i) =>
                token.kind === "text" ? (
                  token.text
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: tokens are positional
                  <span key={i} className={`cedar-${token.kind}`}>
                    {token.text}
                  </span>
                ),
              )}
              {"\n"}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
