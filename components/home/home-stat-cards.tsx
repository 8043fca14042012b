import Link from "next/link";
import { formatPercent, formatUsd } from "@/components/dashboards/links";
import type { HomeSummary } from "@/lib/metrics/home";

/** The runs list showing what a card counts: the window's runs with the card's filter. */
const runsOf = (filter: Record<string, string>) =>
  `/runs?${new URLSearchParams({ ...filter, last: "24h" }).toString()}`;

type Card = { id: string; label: string; value: string; hint: string; href?: string };

/** A card; with `runs`, a link to the runs list filtered to the runs it counts. */
const card = (
  id: string,
  label: string,
  value: string,
  hint: string,
  runs?: Record<string, string>,
): Card => ({
  id,
  label,
  value,
  hint,
  href: runs && runsOf(runs),
});

/** The last 24 hours' headline figures; each card opens the runs it counts, unpriced runs are named, never $0. */
export function HomeStatCards({
  summary: s,
}: {
  summary: HomeSummary & { undoRate: number | null; undone: number };
}) {
  const cards: Card[] = [
    card("runs-today", "Runs", String(s.started), `${s.finished} finished`, {}),
    card("running", "Running now", String(s.running), "started in the window", { status: "running" }),
    card("waiting", "Waiting", String(s.waiting), "for an approval", { status: "waiting_approval" }),
    card(
      "succeeded",
      "Succeeded",
      String(s.succeeded),
      s.succeededRefused > 0 ? `${s.succeededRefused} with refused calls` : "all clean",
      { status: "succeeded" },
    ),
    card("unsuccessful", "Failed", String(s.unsuccessful), "or stopped, killed, unverified", {
      status: "unsuccessful",
    }),
  ];
  const rates: Card[] = [
    card("success", "Success rate", formatPercent(s.successRate), "succeeded ÷ finished", {
      status: "succeeded",
    }),
    card("escalation", "Escalation rate", formatPercent(s.escalationRate), "asked a person ÷ finished"),
    card("undo", "Undo rate", formatPercent(s.undoRate), `${s.undone} write(s) undone`),
    card("refused", "Refused calls", String(s.refused), `runs; ${s.flagged} with a security flag`, {
      refused: "1",
    }),
    card(
      "spend",
      "Spend",
      formatUsd(s.spendUsd),
      s.unpricedRuns > 0 ? `+ ${s.unpricedRuns} unpriced run(s)` : "all runs priced",
      {},
    ),
  ];
  return (
    <>
      <CardRow label="Runs, last 24 hours" cards={cards} />
      <CardRow label="Rates and spend, last 24 hours" cards={rates} />
    </>
  );
}

function CardRow({ label, cards }: { label: string; cards: Card[] }) {
  return (
    <ul className="stat-cards" aria-label={label}>
      {cards.map((c) => {
        const body = (
          <>
            <span className="stat-label">{c.label}</span>
            <strong className="stat-value">{c.value}</strong>
            <span className="muted stat-hint">{c.hint}</span>
          </>
        );
        return (
          <li key={c.id} className="card stat-card" data-testid={`stat-${c.id}`}>
            {c.href ? (
              <Link href={c.href} className="stat-card-link">
                {body}
              </Link>
            ) : (
              body
            )}
          </li>
        );
      })}
    </ul>
  );
}
