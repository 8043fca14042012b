import type { ApprovalView } from "@/lib/approvals/queries";

/** `29:41` until expiry, `expired` once past it. */
export function formatCountdown(expiresAt: string, now: number): string {
  const s = Math.floor((new Date(expiresAt).getTime() - now) / 1000);
  if (s <= 0) return "expired";
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const RECIPIENT_KEYS = ["to", "recipient", "email", "customer_email", "url", "path", "command"];

/** What a request is about at a glance: the amount, else the recipient or target, else its first argument. */
export function glance(approval: Pick<ApprovalView, "args" | "editedArgs">): string {
  const args = approval.editedArgs ?? approval.args;
  // An agent's question: the question is what it is about.
  if (typeof args.question === "string") return args.question;
  const amount = Object.entries(args).find(
    ([key, value]) => /amount|usd/.test(key) && typeof value === "number",
  );
  if (amount) return `$${(amount[1] as number).toFixed(2)}`;
  const target = RECIPIENT_KEYS.find((key) => typeof args[key] === "string");
  if (target) return String(args[target]);
  const [first] = Object.entries(args);
  return first ? `${first[0]}: ${JSON.stringify(first[1])}` : "no arguments";
}

const STATUS_WORD: Record<ApprovalView["status"], string> = {
  pending: "Waiting",
  approved: "Approved",
  rejected: "Rejected",
  expired: "Expired",
  cancelled: "Cancelled",
  answered: "Answered",
};

/** "Approved by ana@acme.test", "Expired", "Cancelled". */
export function decidedLine(approval: ApprovalView): string {
  const word = STATUS_WORD[approval.status];
  return approval.decidedBy && ["approved", "rejected", "answered"].includes(approval.status)
    ? `${word} by ${approval.decidedBy}`
    : word;
}
