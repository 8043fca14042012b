import type { ReactNode } from "react";

/** `level` 1 when the state is the whole page (a refusal), so the page still has its one h1. */
export function EmptyState({
  icon,
  title,
  level = 2,
  children,
}: {
  icon: string;
  title: string;
  level?: 1 | 2;
  children: ReactNode;
}) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <section className="card empty">
      <div className="empty-icon" aria-hidden>
        {icon}
      </div>
      <Heading className="empty-title">{title}</Heading>
      <div>{children}</div>
    </section>
  );
}
