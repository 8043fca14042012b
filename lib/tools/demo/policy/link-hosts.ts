/**
 * Every host a mail client could turn into a link, lower-cased: URLs with any scheme, protocol-
 * relative and backslash forms (`//evil.com`, `\\evil.com`, `http:\\evil.com`), `www.` names and
 * bare domains (`evil.com/x`), after folding look-alike characters (full-width dots and slashes).
 * Internationalised names come back in punycode, so they never equal an allowed ASCII name.
 */
export function linkHosts(text: string): string[] {
  const folded = text
    .normalize("NFKC")
    .replace(/[。｡︒]/g, ".")
    .toLowerCase();
  const hosts = new Set<string>();
  const add = (raw: string) => {
    try {
      hosts.add(new URL(`http://${raw}`).hostname);
    } catch {
      hosts.add(raw);
    }
  };
  // A scheme (or none) followed by two or more slashes or backslashes, or http(s): with none.
  for (const m of folded.matchAll(
    /(?:[a-z][a-z0-9+.-]*:)?[\\/]{2,}([^\s\\/?#<>"'`()[\]{}]+)|\bhttps?:[\\/]*([^\s\\/?#<>"'`()[\]{}]+)/g,
  )) {
    const raw = m[1] ?? m[2];
    if (raw) add(raw);
  }
  // Bare names with a top-level domain of letters; the domain of an email address is not a link.
  for (const m of folded.matchAll(
    /(?<![@\p{L}\p{N}_.-])((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24})(?![\p{L}\p{N}_@-])/gu,
  )) {
    if (m[1]) add(m[1]);
  }
  return [...hosts].sort();
}
