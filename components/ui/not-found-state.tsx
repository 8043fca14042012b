import Link from "next/link";
import { EmptyState } from "./empty-state";
import { PageHeader } from "./page-header";

/**
 * The body of a page whose record does not exist (or belongs to another tenant: the two read alike),
 * with the way back to its list. Shown by a segment's not-found.tsx, so the answer is a 404.
 */
export function NotFoundState({ what, list, href }: { what: string; list: string; href: string }) {
  const back = (
    <Link href={href} className="button button-secondary">
      ← {list}
    </Link>
  );
  return (
    <>
      <PageHeader title={`${what} not found`} actions={back} />
      <EmptyState icon="∅" title={`${what} not found`}>
        <p>
          There is no {what.toLowerCase()} with this id in this tenant. The address may be mistyped or cut
          short, or the {what.toLowerCase()} may belong to another tenant.
        </p>
        <Link href={href} className="button button-primary">
          Back to {list}
        </Link>
      </EmptyState>
    </>
  );
}
