type Body = Record<string, unknown>;
type Fields = Record<string, unknown>;

/** Slack reads `<`, `>` and `&` as markup: text from runs and people is escaped. */
const esc = (value: unknown) =>
  String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
const link = (url: unknown, label: string) => (typeof url === "string" ? ` <${url}|${label}>` : "");
const short = (id: unknown) => esc(String(id ?? "").slice(0, 8));

/**
 * An event as a Slack-compatible message (an incoming webhook's `text`, with the event itself
 * under `flightdeck` for receivers that want the details).
 */
export function slackMessage(event: string, body: Body): Body {
  const text = lines[event]?.(body) ?? `Flightdeck: ${esc(event)}`;
  return { text, flightdeck: body };
}

const lines: Record<string, (body: Body) => string> = {
  ping: (b) => `Test message from Flightdeck, sent by ${esc(b.sent_by)}.`,
  "run.ended": (b) => {
    const run = b.run as Fields;
    const reason = run.stop_reason ? ` (${esc(run.stop_reason)})` : "";
    return `Run ${short(run.id)} of *${esc(run.agent)}* ended *${esc(run.status)}*${reason}.${link(run.url, "Open the run")}`;
  },
  "gate.call.decided": (b) =>
    `Call to \`${esc(b.tool)}\` on run ${short(b.run_id)}: *${esc(b.decision)}*${b.message ? ` — ${esc(b.message)}` : ""}.`,
  "approval.requested": (b) => {
    const a = b.approval as Fields;
    return `*${esc(a.agent)}* asks to call \`${esc(a.tool)}\` (${esc(a.risk)} risk)${a.reason ? `: “${esc(a.reason)}”` : "."}${link(a.url, "Decide in the inbox")}`;
  },
  "approval.escalated": (b) => {
    const a = b.approval as Fields;
    return `:rotating_light: Nobody decided *${esc(a.agent)}*'s call to \`${esc(a.tool)}\` within ${esc(b.escalation_minutes)} minutes.${link(a.url, "Decide in the inbox")}`;
  },
  "alert.raised": (b) => {
    const a = b.alert as Fields;
    return `:warning: *${esc(a.agent)}*: ${esc(a.description)}.${link(a.url, "Its runs")}`;
  },
  "budget.threshold_reached": (b) => {
    const d = b.budget as Fields;
    return `:moneybag: Today's spend is $${esc(d.spent_usd)} of the $${esc(d.budget_usd)} daily budget (alert at ${esc(d.threshold_pct)} %).${link(d.url, "Budget settings")}`;
  },
  "budget.exhausted": (b) => {
    const d = b.budget as Fields;
    return `:no_entry: The $${esc(d.budget_usd)} daily budget is used up for ${esc(d.day)}: new model calls are refused.${link(d.url, "Budget settings")}`;
  },
  "rollout.rolled_back": (b) => {
    const r = b.rollout as Fields;
    return `:rewind: The rollout of *${esc(r.agent)}* version ${esc(r.candidate_version)} was rolled back: ${esc(r.reason)}${link(r.url, "Open the agent")}`;
  },
  "kill_switch.engaged": (b) => {
    const k = b.kill_switch as Fields;
    const what =
      k.scope === "global"
        ? "Emergency stop: every run of the deployment was stopped"
        : k.scope === "tenant"
          ? "The tenant was frozen (its runs are held)"
          : `The agent *${esc(k.agent)}* was paused`;
    return `:octagonal_sign: ${what} by ${esc(k.engaged_by)}: ${esc(k.reason)}`;
  },
};
