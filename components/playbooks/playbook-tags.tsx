/** A playbook's or an agent's tags, as badges. */
export function PlaybookTags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <span className="muted">none</span>;
  return (
    <span className="playbook-tags">
      {tags.map((tag) => (
        <span key={tag} className="badge mono">
          {tag}
        </span>
      ))}
    </span>
  );
}
