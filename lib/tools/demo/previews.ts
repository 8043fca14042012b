import { and, eq } from "drizzle-orm";
import { demoFiles, demoTickets } from "@/db/schema";
import { sha256Hex } from "@/lib/sha256";
import { type AnyTool, type ToolContext, ToolInputError, type ToolOutcome } from "@/lib/tools/types";
import { unifiedDiff } from "./file-diff";
import { fromCents, toCents } from "./money";
import { findOrder, refundedCents } from "./order-queries";
import { workspacePath } from "./workspace-path";

type Args = Record<string, unknown>;
type Preview = (args: Args, ctx: ToolContext) => Promise<ToolOutcome<unknown>>;

const str = (v: unknown) => String(v ?? "");

/**
 * Dry-run previews of the demo shop's write tools: each reads what it needs, validates as the real
 * call would (a refund above what is left to refund is refused here too), and describes the effect
 * without making it. The output says plainly that nothing happened, so the model cannot mistake it.
 */
const PREVIEWS: Partial<Record<string, Preview>> = {
  async issue_refund(args, ctx) {
    const order = await findOrder(ctx.db, ctx.tenantId, str(args.order_id));
    const left = toCents(order.totalUsd) - (await refundedCents(ctx.db, ctx.tenantId, order.id));
    const cents = toCents(Number(args.amount_usd));
    if (cents > left)
      throw new ToolInputError(
        `Only ${fromCents(left).toFixed(2)} USD of order ${order.id} is left to refund.`,
      );
    const entry = { order_id: order.id, amount_usd: fromCents(cents), reason: str(args.reason) };
    return {
      output: { dry_run: true, effect: "none", would_write_ledger_entry: entry },
      receipt: { ...entry, refundable_left_usd: fromCents(left) },
    };
  },
  async send_email(args) {
    const message = { to: str(args.to), subject: str(args.subject), body: str(args.body) };
    return {
      output: { dry_run: true, effect: "none", would_send: message },
      receipt: { to: message.to, subject: message.subject, body_sha256: sha256Hex(message.body) },
    };
  },
  async update_ticket(args, ctx) {
    const [ticket] = await ctx.db
      .select({ status: demoTickets.status })
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, ctx.tenantId), eq(demoTickets.id, str(args.ticket_id))));
    if (!ticket) throw new ToolInputError(`No ticket with id ${str(args.ticket_id)} exists.`);
    const change = {
      ticket_id: str(args.ticket_id),
      previous_status: ticket.status,
      new_status: str(args.status),
      note: str(args.note),
    };
    return { output: { dry_run: true, effect: "none", would_update: change }, receipt: change };
  },
  async write_file(args, ctx) {
    const path = workspacePath(str(args.path));
    const [existing] = await ctx.db
      .select({ content: demoFiles.content })
      .from(demoFiles)
      .where(and(eq(demoFiles.tenantId, ctx.tenantId), eq(demoFiles.path, path)));
    const before = existing?.content ?? null;
    const diff = unifiedDiff(path, before, str(args.content));
    return {
      output: { dry_run: true, effect: "none", path, would_write_diff: diff },
      receipt: {
        path,
        sha256_before: before === null ? null : sha256Hex(before),
        sha256_after: sha256Hex(str(args.content)),
        diff,
      },
    };
  },
  async http_request(args) {
    const request = { method: str(args.method), url: str(args.url) };
    return { output: { dry_run: true, effect: "none", would_request: request }, receipt: request };
  },
  async run_command(args) {
    return {
      output: { dry_run: true, effect: "none", would_run: str(args.command) },
      receipt: { command: str(args.command) },
    };
  },
};

/** The tool with its dry-run preview attached, when the demo shop has one for it. */
export function withPreview(tool: AnyTool): AnyTool {
  const preview = PREVIEWS[tool.name];
  return preview ? { ...tool, preview } : tool;
}
