import { formatPercent, formatUsd } from "@/components/dashboards/links";
import type { HomeSummary } from "@/lib/metrics/home";

type Card = { id: string; label: string; value: string; hint: string };

/** Today's headline figures, in the dashboards' card style; unpriced runs are named, never $0. */
export function HomeStatCards({
  summary: s,
}: {
  summary: HomeSummary & { undoRate: number | null; undone: number };
}) {
  const cards: Card[] = [
    { id: "runs-today", label: "Runs today", value: String(s.started), hint: `${s.finished} finished` },
    { id: "running", label: "Running now", value: String(s.running), hint: "of today's runs" },
    { id: "waiting", label: "Waiting", value: String(s.waiting), hint: "for an approval" },
    { id: "succeeded", label: "Succeeded", value: String(s.succeeded), hint: "today" },
    {
      id: "unsuccessful",
      label: "Failed",
      value: String(s.unsuccessful),
      hint: "or stopped, killed, unverified",
    },
  ];
  const rates: Card[] = [
    {
      id: "success",
      label: "Success rate",
      value: formatPercent(s.successRate),
      hint: "succeeded ÷ finished",
    },
    {
      id: "escalation",
      label: "Escalation rate",
      value: formatPercent(s.escalationRate),
      hint: "asked a person ÷ finished",
    },
    {
      id: "undo",
      label: "Undo rate",
      value: formatPercent(s.undoRate),
      hint: `${s.undone} write(s) undone today`,
    },
    {
      id: "flagged",
      label: "Security flags",
      value: String(s.flagged),
      hint: "runs with refused calls",
    },
    {
      id: "spend",
      label: "Spend today",
      value: formatUsd(s.spendUsd),
      hint: s.unpricedRuns > 0 ? `+ ${s.unpricedRuns} unpriced run(s)` : "all runs priced",
    },
  ];
  return (
    <>
      <CardRow label="Runs today" cards={cards} />
      <CardRow label="Rates and spend today" cards={rates} />
    </>
  );
}

function CardRow({ label, cards }: { label: string; cards: Card[] }) {
  return (
    <ul className="stat-cards" aria-label={label}>
      {cards.map((c) => (
        <li key={c.id} className="card stat-card" data-testid={`stat-${c.id}`}>
          <span className="stat-label">{c.label}</span>
          <strong className="stat-value">{c.value}</strong>
          <span className="muted stat-hint">{c.hint}</span>
        </li>
      ))}
    </ul>
  );
}
