/** Where a claim can begin: a sentence, a clause after a colon, a list item, or "I/we (have)", "and". */
const CLAUSE = String.raw`(?:^\s*(?:[-*•]|\d+[.)])?\s*|[.!,;:—–]\s+|\b(?:i|we) (?:have )?|\band )`;
/** An amount as answers write it: $18.50, 20 USD, EUR 1.234,50, 20,00 €, 1 234.50 dollars. */
const AMOUNT = String.raw`(?:[$€£]\s?|(?:usd|eur|gbp)\s?)?\d[\d.,  ]*(?:\s?(?:[$€£]|usd|eur|gbp|dollars?|euros?))?`;
const DONE = "(?:issued|processed|completed|made|sent)";

/**
 * The actions a final answer claims, each with the tool whose receipt would prove it: a net behind
 * the receipts for answers that claim in free text. Patterns match claims of having done something
 * ("Refunded $18.50", "- emailed the customer"), not mentions ("no refund was issued", "$20 already
 * refunded").
 */
const CLAIMS: { action: string; tool: string; pattern: RegExp }[] = [
  {
    action: "a refund",
    tool: "issue_refund",
    pattern: new RegExp(
      [
        `${CLAUSE}refunded:?\\s*(?:the customer |them |the order |o-\\d+ )?(?:${AMOUNT}|the (?:full|whole) amount)`,
        `\\b${DONE} (?:a|the) (?:${AMOUNT} )?refund\\b`,
        `${CLAUSE}refund (?:of ${AMOUNT} )?${DONE}\\b`,
        `(?<!\\bno )\\brefund (?:of ${AMOUNT} )?(?:has been|was) ${DONE}\\b`,
      ].join("|"),
      "im",
    ),
  },
  {
    action: "an email",
    tool: "send_email",
    pattern: new RegExp(
      `${CLAUSE}(?:emailed|e-mailed)\\b|\\bsent (?:an |the |a )?(?:email|reply|confirmation)\\b`,
      "im",
    ),
  },
  {
    action: "a ticket update",
    tool: "update_ticket",
    pattern: new RegExp(
      [
        "\\b(?:marked|set|moved|updated) (?:the )?ticket(?: t-\\d+)? (?:as |to )?(?:resolved|closed|pending)\\b",
        "\\bticket t-\\d+ (?:is|was|has been) (?:now )?(?:resolved|closed)\\b",
        `${CLAUSE}(?:resolved|closed) (?:the )?ticket\\b`,
      ].join("|"),
      "im",
    ),
  },
  {
    action: "a file write",
    tool: "write_file",
    pattern: /\b(wrote|written|saved) (the |an |a )?(incident )?(note|file)\b/i,
  },
];

/**
 * The claims in `answer` that no receipt of the run proves, e.g. ["a refund (no issue_refund receipt)"];
 * for a typed completion, the tools of its proven claims stand for the receipts ("no issue_refund claim").
 */
export function unprovenClaims(
  answer: string,
  provenTools: ReadonlySet<string>,
  proof: "receipt" | "claim" = "receipt",
): string[] {
  return CLAIMS.filter((c) => c.pattern.test(answer) && !provenTools.has(c.tool)).map(
    (c) => `${c.action} (no ${c.tool} ${proof})`,
  );
}
