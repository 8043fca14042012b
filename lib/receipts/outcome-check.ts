/**
 * The actions a final answer claims, each with the tool whose receipt would prove it. Patterns
 * match claims of having done something ("Refunded $18.50", "emailed the customer"), not mentions
 * ("no refund was issued", "$20 already refunded").
 */
const CLAIMS: { action: string; tool: string; pattern: RegExp }[] = [
  {
    action: "a refund",
    tool: "issue_refund",
    pattern:
      /(^|[.!,;]\s+|\b(i|we) (have )?)refunded \$?\d|\b(issued|processed) (a|the) refund\b|(?<!\bno )\brefund (of \$?[\d.,]+ )?(has been|was) (issued|processed)\b/im,
  },
  {
    action: "an email",
    tool: "send_email",
    pattern:
      /(^|[.!,;]\s+|\b(i|we) (have )?|\band )(emailed|e-mailed)\b|\bsent (an |the |a )?(email|reply|confirmation)\b/im,
  },
  {
    action: "a ticket update",
    tool: "update_ticket",
    pattern:
      /\b(marked|set|moved) (the )?ticket( T-\d+)? (as |to )?(resolved|closed|pending)\b|\bticket T-\d+ (is|was|has been) (now )?(resolved|closed)\b|(^|[.!,;]\s+|\band |\b(i|we) (have )?)(resolved|closed) (the )?ticket\b/im,
  },
  {
    action: "a file write",
    tool: "write_file",
    pattern: /\b(wrote|written|saved) (the |an |a )?(incident )?(note|file)\b/i,
  },
];

/** The claims in `answer` that no receipt of the run proves, e.g. ["a refund (no issue_refund receipt)"]. */
export function unprovenClaims(answer: string, toolsWithReceipts: ReadonlySet<string>): string[] {
  return CLAIMS.filter((c) => c.pattern.test(answer) && !toolsWithReceipts.has(c.tool)).map(
    (c) => `${c.action} (no ${c.tool} receipt)`,
  );
}
