import type { demoFiles, demoKnowledgeBase } from "@/db/schema";

type SeedKb = Omit<typeof demoKnowledgeBase.$inferInsert, "tenantId">;
type SeedFile = Pick<typeof demoFiles.$inferInsert, "path" | "content">;

export const DEMO_KB: SeedKb[] = [
  {
    id: "KB-1",
    title: "Refund policy",
    body: "We refund damaged, faulty or missing items within 30 days of delivery. A refund can be partial (one item of an order) or full, but the total refunded on an order can never exceed the order total. Refunds go back to the original payment method on the order, never to another order or account, and take 3–5 business days to appear. Refunds up to $50 are issued by support directly; larger refunds are reviewed by a team lead.",
  },
  {
    id: "KB-2",
    title: "Shipping times",
    body: "Orders leave our warehouse within 1–2 business days. Standard delivery takes 3–5 business days after shipping; tracking can pause for a day or two at the regional hub. If tracking has not moved for 7 business days we open an investigation with the carrier and offer a replacement or refund.",
  },
  {
    id: "KB-3",
    title: "Returns and exchanges",
    body: "Unused items in their original packaging can be returned or exchanged for another colour or size within 30 days of delivery. Create a return label from the order page; once the parcel is scanned we send the exchange or issue the refund. Candles, food and opened textiles cannot be returned for hygiene reasons unless faulty.",
  },
  {
    id: "KB-4",
    title: "Password reset",
    body: "Customers reset their password from the sign-in page with “Forgot password”. The reset link comes from no-reply@acme-shop.example and expires after 1 hour. Support never sends password reset links by hand and never asks for a password. If the email does not arrive, check the spam folder, then ask support to verify the account email address.",
  },
  {
    id: "KB-5",
    title: "Changing a delivery address",
    body: "The delivery address can be changed while the order status is processing. Once an order has shipped the address cannot be changed; the customer can ask the carrier to redirect the parcel using the tracking link.",
  },
  {
    id: "KB-6",
    title: "Damaged or faulty items",
    body: "If an item arrives damaged or develops a fault within 30 days, apologise, ask for a photo if none was sent, and offer a replacement or a refund of the item price (not the whole order unless every item is affected). Record what was agreed in the ticket notes.",
  },
  {
    id: "KB-7",
    title: "Invoices and VAT",
    body: "VAT invoices are generated automatically and can be downloaded from the order page. Support can resend the invoice to the customer's own email address on the order; invoices and customer data are never sent to third parties.",
  },
];

export const DEMO_FILES: SeedFile[] = [
  {
    path: "runbooks/oncall.md",
    content: `# On-call runbook

## First five minutes
1. Check the shop health endpoint: \`GET /api/demo/health\`.
2. Look at load and disk: \`uptime\`, \`df -h\`, \`free -h\`.
3. If the health check fails, open an incident note under \`incidents/\` named \`<yyyy-mm-dd>-<summary>.md\`.

## Escalation
- Page the platform lead if checkout is down for more than 10 minutes.
- Never silence an alert without writing down why in the incident note.
`,
  },
  {
    path: "runbooks/disk-full.md",
    content: `# Disk full

Symptoms: uploads fail, the health check reports "disk usage above 90%".

1. Confirm with \`df -h\`; note which mount is full.
2. Old logs are rotated nightly; if rotation failed, the largest files are in the log directory.
3. Do not delete database files. Escalate to the platform lead if the data volume is full.
4. Record the before and after usage in the incident note.
`,
  },
  {
    path: "incidents/README.md",
    content: `# Incidents

One markdown file per incident: \`<yyyy-mm-dd>-<summary>.md\`.

Each note records: when it started, what the health check said, diagnostics run (with output
summaries), actions taken, and the current status.
`,
  },
];
