export type CedarTokenKind =
  | "keyword"
  | "literal"
  | "annotation"
  | "string"
  | "comment"
  | "number"
  | "entity"
  | "operator"
  | "text";
export type CedarToken = { kind: CedarTokenKind; text: string };

const KEYWORDS = new Set([
  "permit",
  "forbid",
  "when",
  "unless",
  "principal",
  "action",
  "resource",
  "context",
  "in",
  "has",
  "like",
  "is",
  "if",
  "then",
  "else",
]);
const LITERALS = new Set(["true", "false"]);

// Cedar has only line comments, and a string never spans lines, so each line is tokenized alone.
const TOKEN =
  /(\/\/.*)|("(?:[^"\\]|\\.)*"?)|(@[A-Za-z_]\w*)|(\d+)|([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*::)|([A-Za-z_]\w*)|(==|!=|<=|>=|&&|\|\||[<>!+\-*])|(\s+|.)/g;

/** Splits one line of Cedar into coloured tokens; joining their texts gives the line back. */
export function tokenizeCedarLine(line: string): CedarToken[] {
  const tokens: CedarToken[] = [];
  for (const m of line.matchAll(TOKEN)) {
    const [text, comment, string, annotation, number, entity, word, operator] = m;
    const kind: CedarTokenKind = comment
      ? "comment"
      : string
        ? "string"
        : annotation
          ? "annotation"
          : number
            ? "number"
            : entity
              ? "entity"
              : word && KEYWORDS.has(word)
                ? "keyword"
                : word && LITERALS.has(word)
                  ? "literal"
                  : operator
                    ? "operator"
                    : "text";
    const last = tokens.at(-1);
    if (kind === "text" && last?.kind === "text") last.text += text;
    else tokens.push({ kind, text });
  }
  return tokens;
}
