import { HOURLY_REFUND_CAP_CENTS } from "@/lib/tools/demo/refund-limits";

// The tools the rules below decide one by one: the demo shop's and the agents' memory.
const DEMO_ACTIONS = `[${[
  "get_ticket",
  "get_order",
  "search_kb",
  "update_ticket",
  "issue_refund",
  "send_email",
  "http_request",
  "run_command",
  "write_file",
  "remember",
  "recall",
  "search_memory",
]
  .map((name) => `Action::"${name}"`)
  .join(", ")}]`;

/**
 * The policy every tenant starts with (version 0 until an admin saves one). Three outcomes:
 * a call is allowed when some `permit` matches and no `forbid` does; a `forbid` annotated
 * `@approval` turns the denial into a request for a person (`@expires_minutes` sets how long it
 * waits); any other matching `forbid`, or no matching `permit`, denies the call.
 */
export const DEFAULT_POLICY = `// Reading tickets, orders and the knowledge base is always allowed.
@id("reads")
permit (
  principal,
  action in [Action::"get_ticket", Action::"get_order", Action::"search_kb"],
  resource
);

@id("update-tickets")
permit (principal, action == Action::"update_ticket", resource);

// The ticket or order acted on must come from the operator's goal or a tool's structured data in
// this run: not an id the model made up or read in free text.
@id("update-unread-ticket")
@approval("The ticket to update was not read in this run")
forbid (principal, action == Action::"update_ticket", resource)
unless { context.facts.target_read };

// Refunds: up to 50 USD autonomously; above that a person approves.
@id("refunds")
permit (principal, action == Action::"issue_refund", resource);

@id("refund-over-50-needs-approval")
@approval("Refunds above 50 USD need a person")
@expires_minutes("30")
forbid (principal, action == Action::"issue_refund", resource)
when { context.args.amount_usd.greaterThan(decimal("50.00")) };

@id("refund-unknown-order")
forbid (principal, action == Action::"issue_refund", resource)
unless { context.facts.order_exists };

@id("refund-over-order-total")
forbid (principal, action == Action::"issue_refund", resource)
when {
  context.facts.amount_cents + context.facts.order_refunded_cents >
  context.facts.order_total_cents
};

@id("second-refund-same-order")
forbid (principal, action == Action::"issue_refund", resource)
when { context.facts.order_refund_count > 0 };

@id("hourly-refund-cap")
forbid (principal, action == Action::"issue_refund", resource)
when { context.facts.refunded_last_hour_cents + context.facts.amount_cents > ${HOURLY_REFUND_CAP_CENTS} };

@id("refund-unread-order")
@approval("The order to refund was not read in this run")
forbid (principal, action == Action::"issue_refund", resource)
unless { context.facts.target_read };

// An order id that first appeared in untrusted text (a ticket body, a web page) is a new payee.
@id("refund-payee-from-untrusted-text")
@approval("The order to refund came from untrusted text")
forbid (principal, action == Action::"issue_refund", resource)
when { context.provenance.order_id == "untrusted" };

// Email goes only to the customer of an order the run has read, with links to our own sites only.
@id("email")
permit (principal, action == Action::"send_email", resource);

@id("email-only-order-customer")
forbid (principal, action == Action::"send_email", resource)
unless { context.facts.recipient_is_order_customer };

@id("email-links-allow-list")
forbid (principal, action == Action::"send_email", resource)
unless {
  ["acme-shop.example", "help.acme-shop.example", "status.example.com"]
    .containsAll(context.facts.link_hosts)
};

@id("email-other-customer-data")
@approval("The email names another customer or their order")
forbid (principal, action == Action::"send_email", resource)
when { context.facts.mentions_other_customer };

@id("email-recipient-from-untrusted-text")
@approval("The recipient came from untrusted text")
forbid (principal, action == Action::"send_email", resource)
when { context.provenance.to == "untrusted" };

// HTTP only to this app's own host; private address ranges never.
@id("http-own-host")
permit (principal, action == Action::"http_request", resource)
when { context.facts.own_host };

@id("http-private-ranges")
forbid (principal, action == Action::"http_request", resource)
when { context.facts.private_address && !context.facts.own_host };

// Commands: read-only diagnostics only.
@id("read-only-commands")
permit (principal, action == Action::"run_command", resource)
when {
  ["uptime", "df", "free", "date", "uname", "ls", "cat", "wc", "head"]
    .contains(context.facts.binary)
};

// Files: inside the workspace; overwriting an existing file (other than an incident note an agent
// wrote, unchanged since), or a path from untrusted text, asks first.
@id("workspace-writes")
permit (principal, action == Action::"write_file", resource)
when { context.facts.in_workspace };

@id("overwrite-needs-approval")
@approval("Overwriting an existing workspace file")
forbid (principal, action == Action::"write_file", resource)
when {
  context.facts.file_exists &&
  !(context.args.path like "incidents/*" && context.facts.file_written_by_agent)
};

@id("file-path-from-untrusted-text")
@approval("The file path came from untrusted text")
forbid (principal, action == Action::"write_file", resource)
when { context.provenance.path == "untrusted" };

// Memory: an agent reads and writes its own (a value read in untrusted text is stored marked
// untrusted, and a later call that uses it is untrusted: the rules above on untrusted provenance apply).
@id("memory")
permit (
  principal,
  action in [Action::"remember", Action::"recall", Action::"search_memory"],
  resource
);

// Tools without rules of their own (a team's code tools, an MCP server's): reads are allowed and
// anything else waits for a person, until an admin writes rules for them.
@id("other-tools-read")
permit (principal, action, resource)
when { context.risk == "read" }
unless { action in ${DEMO_ACTIONS} };

@id("other-tools-act")
permit (principal, action, resource)
when { context.risk != "read" }
unless { action in ${DEMO_ACTIONS} };

@id("other-tools-act-need-approval")
@approval("A tool without rules of its own: a person approves what it does")
forbid (principal, action, resource)
when { context.risk != "read" }
unless { action in ${DEMO_ACTIONS} };
`;
