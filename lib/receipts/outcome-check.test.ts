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
    ])
      expect(unprovenClaims(text, none), text).toEqual([]);
  });
});
