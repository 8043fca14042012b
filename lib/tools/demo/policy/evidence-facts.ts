import { type Evidence, provenanceOf } from "@/lib/tools/provenance";

/**
 * Whether the record a call acts on came from the operator's goal or from a tool's structured data
 * in this run: an id the model made up, or read in free text, is a record nobody has looked at.
 */
export function targetRead(id: unknown, evidence: Evidence): boolean {
  const source = provenanceOf({ id }, evidence).id;
  return source === "operator" || source === "tool";
}

/** Customers of orders this run read through get_order: "the customer of the order in hand". */
export function orderCustomerEmails(evidence: Evidence): Set<string> {
  const emails = new Set<string>();
  for (const r of evidence.results) {
    if (r.toolName !== "get_order" || !r.value || typeof r.value !== "object") continue;
    const email = (r.value as Record<string, unknown>).customer_email;
    if (typeof email === "string") emails.add(email.toLowerCase());
  }
  return emails;
}
