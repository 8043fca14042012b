import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoCustomers, demoOrders } from "@/db/schema";

/**
 * Whether an email's text names a customer other than its recipient, by email address or full name,
 * or one of their orders: personal data of one customer must not be mailed to another unasked.
 */
export async function mentionsOtherCustomer(db: DbOrTx, tenantId: string, to: string, text: string) {
  const [customers, orders] = await Promise.all([
    db
      .select({ id: demoCustomers.id, name: demoCustomers.name, email: demoCustomers.email })
      .from(demoCustomers)
      .where(eq(demoCustomers.tenantId, tenantId)),
    db
      .select({ id: demoOrders.id, customerId: demoOrders.customerId })
      .from(demoOrders)
      .where(eq(demoOrders.tenantId, tenantId)),
  ]);
  const haystack = text.normalize("NFKC").toLowerCase();
  const recipient = customers.find((c) => c.email.toLowerCase() === to.toLowerCase());
  const others = customers.filter((c) => c.id !== recipient?.id);
  return (
    others.some((c) => names(haystack, c.email) || names(haystack, c.name)) ||
    orders.some((o) => o.customerId !== recipient?.id && names(haystack, o.id))
  );
}

/** Whole-token occurrence, so "O-501" is not found in "O-5017". */
function names(text: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v.length < 3) return false;
  const escaped = v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}_.@-])${escaped}(?![\\p{L}\\p{N}_@-])`, "u").test(text);
}
