import type { ReactNode } from "react";

/** A titled panel; `empty` replaces the chart with a line saying why there is nothing to draw. */
export function ChartCard({
  title,
  note,
  empty,
  className,
  children,
}: {
  title: string;
  note?: ReactNode;
  empty?: string | false;
  className?: string;
  children: ReactNode;
}) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section className={`card chart-card ${className ?? ""}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note && <p className="muted chart-note">{note}</p>}
      {empty ? <p className="chart-empty">{empty}</p> : children}
    </section>
  );
}
