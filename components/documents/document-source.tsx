/** A document's source: a link when it is a web address, its label otherwise. */
export function DocumentSource({ source }: { source: string | null }) {
  if (!source) return <span className="muted">—</span>;
  const web = /^https?:\/\//i.test(source);
  return web ? (
    <a className="document-source" href={source} rel="noopener noreferrer nofollow" target="_blank">
      {source}
    </a>
  ) : (
    <span className="document-source">{source}</span>
  );
}

export const formatSize = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
