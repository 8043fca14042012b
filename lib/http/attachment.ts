/**
 * A Content-Disposition that downloads as `filename`, whatever it holds: a header value must be
 * Latin-1 without line breaks, so the plain `filename` keeps only safe characters and
 * `filename*` (RFC 6266) carries the name as it is, percent-encoded.
 */
export function attachment(filename: string): string {
  const plain = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
