import { type PolicyTarget, str } from "@/lib/tools/policy-target";
import { parseCommandLine } from "../command-line";
import { toCents } from "../money";
import { workspacePath } from "../workspace-path";
import { mentionsOtherCustomer } from "./email-facts";
import { orderCustomerEmails, targetRead } from "./evidence-facts";
import { fileFacts } from "./file-facts";
import { linkHosts } from "./link-hosts";
import { refundFacts } from "./refund-facts";

// What the demo shop's default policy decides its tools' calls on (lib/tools/default-policy.ts).

export const ticketTarget: PolicyTarget = {
  resourceType: "Ticket",
  facts: {},
  resourceId: (a) => str(a.ticket_id),
};

export const ticketUpdateTarget: PolicyTarget = {
  resourceType: "Ticket",
  resourceId: (a) => str(a.ticket_id),
  facts: { target_read: "Boolean" },
  compute: (args, input) => ({ target_read: targetRead(args.ticket_id, input.evidence) }),
};

export const orderTarget: PolicyTarget = {
  resourceType: "Order",
  facts: {},
  resourceId: (a) => str(a.order_id),
};

export const knowledgeBaseTarget: PolicyTarget = {
  resourceType: "KnowledgeBase",
  facts: {},
  resourceId: () => "kb",
};

export const refundTarget: PolicyTarget = {
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
};

export const emailTarget: PolicyTarget = {
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
};

export const commandTarget: PolicyTarget = {
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
};

export const fileTarget: PolicyTarget = {
  resourceType: "File",
  resourceId: (a) => str(a.path),
  facts: { in_workspace: "Boolean", file_exists: "Boolean", file_written_by_agent: "Boolean" },
  compute: async (args, input) => {
    const path = str(args.path);
    if (!insideWorkspace(path))
      return { in_workspace: false, file_exists: false, file_written_by_agent: false };
    return { in_workspace: true, ...(await fileFacts(input.db, input.tenantId, path)) };
  },
};

function insideWorkspace(path: string): boolean {
  try {
    workspacePath(path);
    return true;
  } catch {
    return false;
  }
}
