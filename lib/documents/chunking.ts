/** A chunk aims at this many characters, never more than MAX (unless a single word is longer). */
export const CHUNK_TARGET = 1500;
export const CHUNK_MAX = 2000;
/** Each chunk after the first repeats up to this much of the end of the one before it. */
export const CHUNK_OVERLAP = 200;

/**
 * Splits a document into passages for search: whole paragraphs (blank-line separated) packed up to
 * about CHUNK_TARGET characters; a paragraph longer than CHUNK_MAX is cut at sentence or word
 * boundaries. Each chunk starts with the last CHUNK_OVERLAP characters (from a word start) of the
 * one before, so a sentence on a boundary is found whole in one of them.
 */
export function chunkText(text: string): string[] {
  const pieces = paragraphs(text).flatMap((p) => (p.length > CHUNK_MAX ? cutLong(p) : [p]));
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const joined = current ? `${current}\n\n${piece}` : piece;
    if (current && joined.length > CHUNK_TARGET) {
      chunks.push(current);
      const carried = `${overlapOf(current)}\n\n${piece}`;
      current = carried.length > CHUNK_MAX ? piece : carried;
    } else current = joined;
  }
  if (current) chunks.push(current);
  return chunks;
}

function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** A long paragraph in pieces of at most CHUNK_TARGET characters, cut after a sentence or a word. */
function cutLong(paragraph: string): string[] {
  const out: string[] = [];
  let rest = paragraph;
  while (rest.length > CHUNK_TARGET) {
    const window = rest.slice(0, CHUNK_TARGET);
    const sentence = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "));
    const space = window.lastIndexOf(" ");
    const cut = sentence > CHUNK_TARGET / 2 ? sentence + 1 : space > 0 ? space : CHUNK_TARGET;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** The end of a chunk to repeat at the start of the next, from the beginning of a word. */
function overlapOf(chunk: string): string {
  if (chunk.length <= CHUNK_OVERLAP) return chunk;
  const tail = chunk.slice(-CHUNK_OVERLAP);
  const space = tail.search(/\s/);
  return (space >= 0 ? tail.slice(space) : tail).trim();
}
