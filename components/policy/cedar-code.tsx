import { tokenizeCedarLine } from "./cedar-tokens";

/** A Cedar policy with syntax colours and line numbers (Cedar's problems point at lines). */
export function CedarCode({ text, label }: { text: string; label: string }) {
  const lines = text.replace(/\n$/, "").split("\n");
  return (
    <figure className="cedar-figure" aria-label={label} data-testid="cedar-code">
      <pre className="cedar-code">
        <code>
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reorder
            <span key={index} className="cedar-line">
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
