import type { DbOrTx } from "@/db/client";
import { resolvesPrivate } from "@/lib/net/public-address";
import { parseCommandLine } from "@/lib/tools/demo/command-line";
import { resolveUrl } from "@/lib/tools/demo/http-request";
import { toCents } from "@/lib/tools/demo/money";
import { workspacePath } from "@/lib/tools/demo/workspace-path";
import { mentionsOtherCustomer } from "./email-facts";
import { fileFacts } from "./file-facts";
import { linkHosts } from "./link-hosts";
import { type Evidence, provenanceOf } from "./provenance";
import { refundFacts } from "./refund-facts";

/** The Cedar types a fact can have. */
export type FactType = "Long" | "Boolean" | "String" | "Set<String>";
export type FactValue = number | boolean | string | string[];

export type FactInput = {
  db: DbOrTx;
  tenantId: string;
  appBaseUrl: string;
  evidence: Evidence;
  now: Date;
};

/**
 * What policy needs to know about one kind of call beyond its arguments: the resource it acts on
 * (Cedar's `resource`) and facts Flightdeck looks up or derives (Cedar's `context.facts`).
 */
export type ToolTarget = {
  resourceType: string;
  facts: Record<string, FactType>;
  resourceId: (args: Record<string, unknown>) => string;
  compute?: (
    args: Record<string, unknown>,
    input: FactInput,
  ) => Promise<Record<string, FactValue>> | Record<string, FactValue>;
};

const str = (v: unknown) => (typeof v === "string" ? v : "");

export const TOOL_TARGETS: Record<string, ToolTarget> = {
  get_ticket: { resourceType: "Ticket", facts: {}, resourceId: (a) => str(a.ticket_id) },
  update_ticket: {
    resourceType: "Ticket",
    resourceId: (a) => str(a.ticket_id),
    facts: { target_read: "Boolean" },
    compute: (args, input) => ({ target_read: targetRead(args.ticket_id, input.evidence) }),
  },
  get_order: { resourceType: "Order", facts: {}, resourceId: (a) => str(a.order_id) },
  search_kb: { resourceType: "KnowledgeBase", facts: {}, resourceId: () => "kb" },
  issue_refund: {
    resourceType: "Order",
    resourceId: (a) => str(a.order_id),
    facts: {
      amount_cents: "Long",
      order_exists: "Boolean",
      order_total_cents: "Long",
      order_refunded_cents: "Long",
      order_refund_count: "Long",
      refunded_last_hour_cents: "Long",
      target_read: "Boolean",
    },
    compute: async (args, input) => ({
      amount_cents: toCents(Number(args.amount_usd)),
      target_read: targetRead(args.order_id, input.evidence),
      ...(await refundFacts(input.db, input.tenantId, str(args.order_id), input.now)),
    }),
  },
  send_email: {
    resourceType: "Recipient",
    resourceId: (a) => str(a.to).toLowerCase(),
    facts: {
      recipient_domain: "String",
      recipient_is_order_customer: "Boolean",
      link_hosts: "Set<String>",
      mentions_other_customer: "Boolean",
    },
    compute: async (args, input) => {
      const to = str(args.to).toLowerCase();
      const text = `${str(args.subject)}\n${str(args.body)}`;
      return {
        recipient_domain: to.split("@")[1] ?? "",
        recipient_is_order_customer: orderCustomerEmails(input.evidence).has(to),
        link_hosts: linkHosts(text),
        mentions_other_customer: await mentionsOtherCustomer(input.db, input.tenantId, to, text),
      };
    },
  },
  http_request: {
    resourceType: "Host",
    resourceId: (a) => str(a.url),
    facts: { host: "String", own_host: "Boolean", private_address: "Boolean", method: "String" },
    compute: async (args, input) => {
      let url: URL;
      try {
        url = resolveUrl(str(args.url), input.appBaseUrl);
      } catch {
        return { host: "", own_host: false, private_address: false, method: str(args.method) };
      }
      const ownHost = url.host === new URL(input.appBaseUrl).host;
      return {
        host: url.hostname.toLowerCase(),
        own_host: ownHost,
        // On the addresses the name resolves to, not the name (the tool checks again as it connects).
        private_address: await resolvesPrivate(url.hostname),
        method: str(args.method),
      };
    },
  },
  run_command: {
    resourceType: "Command",
    resourceId: (a) => str(a.command),
    facts: { binary: "String" },
    compute: (args) => {
      try {
        return { binary: parseCommandLine(str(args.command)).file };
      } catch {
        return { binary: "" };
      }
    },
  },
  write_file: {
    resourceType: "File",
    resourceId: (a) => str(a.path),
    facts: { in_workspace: "Boolean", file_exists: "Boolean", file_written_by_agent: "Boolean" },
    compute: async (args, input) => {
      const path = str(args.path);
      if (!insideWorkspace(path))
        return { in_workspace: false, file_exists: false, file_written_by_agent: false };
      return { in_workspace: true, ...(await fileFacts(input.db, input.tenantId, path)) };
    },
  },
};

/** Tools without a declared target (a future MCP tool) act on a resource named after the tool. */
export function targetOf(toolName: string): ToolTarget {
  return TOOL_TARGETS[toolName] ?? { resourceType: "Target", facts: {}, resourceId: () => toolName };
}

/**
 * Whether the record a call acts on came from the operator's goal or from a tool's structured data
 * in this run: an id the model made up, or read in free text, is a record nobody has looked at.
 */
function targetRead(id: unknown, evidence: Evidence): boolean {
  const source = provenanceOf({ id }, evidence).id;
  return source === "operator" || source === "tool";
}

/** Customers of orders this run read through get_order: "the customer of the order in hand". */
function orderCustomerEmails(evidence: Evidence): Set<string> {
  const emails = new Set<string>();
  for (const r of evidence.results) {
    if (r.toolName !== "get_order" || !r.value || typeof r.value !== "object") continue;
    const email = (r.value as Record<string, unknown>).customer_email;
    if (typeof email === "string") emails.add(email.toLowerCase());
  }
  return emails;
}

function insideWorkspace(path: string): boolean {
  try {
    workspacePath(path);
    return true;
  } catch {
    return false;
  }
}
