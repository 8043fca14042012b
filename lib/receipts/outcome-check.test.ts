import { describe, expect, it } from "vitest";
import { unprovenClaims } from "./outcome-check";

const none = new Set<string>();

describe("checking a final answer's claims against receipts", () => {
  it("finds claims of actions", () => {
    expect(unprovenClaims("Refunded $18.50 on O-5001 (ledger 4).", none)).toEqual([
      "a refund (no issue_refund receipt)",
    ]);
    expect(unprovenClaims("I have emailed the customer.", none)).toEqual([
      "an email (no send_email receipt)",
    ]);
    expect(unprovenClaims("Done, and resolved the ticket.", none)).toEqual([
      "a ticket update (no update_ticket receipt)",
    ]);
    expect(unprovenClaims("Wrote the incident note.", none)).toEqual([
      "a file write (no write_file receipt)",
    ]);
  });

  it("finds claims however they are written: after a colon, in lists, with amounts in any format", () => {
    for (const text of [
      "Resolved ticket T-7636: refunded 20 USD to the customer.",
      "Summary:\n- Refunded $18.50 on O-5001\n- Ticket left pending",
      "1. Refunded EUR 1.234,50 for the damaged order.",
      "Actions taken — refund of 20,00 € issued; nothing else.",
      "Refunded: 20 USD.",
      "We refunded the customer 45 dollars.",
      "Issued a 20 USD refund for O-5001.",
      "Refund processed for O-5001.",
      "The refund of $20 has been completed.",
      "Done; refunded the full amount.",
    ])
      expect(unprovenClaims(text, none), text).toContain("a refund (no issue_refund receipt)");
    expect(unprovenClaims("Customer informed:\n* emailed them the tracking link", none)).toEqual([
      "an email (no send_email receipt)",
    ]);
    expect(unprovenClaims("Result: closed the ticket.", none)).toEqual([
      "a ticket update (no update_ticket receipt)",
    ]);
  });

  it("accepts claims a receipt proves", () => {
    expect(
      unprovenClaims("Refunded $18.50 and emailed the customer.", new Set(["issue_refund", "send_email"])),
    ).toEqual([]);
  });

  it("does not mistake mentions for claims", () => {
    for (const text of [
      "No refund was issued: the order was already refunded.",
      "$20.00 already refunded on this order.",
      "The refund of 120 USD waits for approval.",
      "Could not email the customer.",
      "The ticket asks for nothing more; left as it is.",
      "Refund of 120 USD not issued: it needs a person's approval.",
      "The order was refunded 20 USD earlier, so nothing more is due.",
      "Summary: no refund was processed.",
      "A refund of $60 would need approval, so I did not request it.",
    ])
      expect(unprovenClaims(text, none), text).toEqual([]);
  });
});
