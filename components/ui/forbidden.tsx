import { EmptyState } from "./empty-state";

export function Forbidden({ what }: { what: string }) {
  return (
    <EmptyState icon="🔒" title="Not available to your role" level={1}>
      <p>Your role in this tenant does not allow you to see {what}. Ask an admin if you need access.</p>
    </EmptyState>
  );
}
