import type { Provenance } from "@/db/schema";
import { UNTRUSTED_FIELDS } from "@/lib/tools/untrusted";

/** What the run had seen before a call: the operator's goal and the results of earlier tool calls, in order. */
export type Evidence = { goal: string; results: { toolName: string; value: unknown }[] };

/**
 * Where each argument's value came from. The first place it appeared wins, so a value read in
 * untrusted text stays untrusted even if the model later looks it up through a trusted tool; within
 * one result, the tool's own structured fields win over the free text beside them.
 */
export function provenanceOf(args: Record<string, unknown>, evidence: Evidence): Record<string, Provenance> {
  const goal = evidence.goal.toLowerCase();
  const sources = evidence.results.map(splitOnce);
  const out: Record<string, Provenance> = {};
  for (const [name, value] of Object.entries(args)) out[name] = sourceOf(value, goal, sources);
  return out;
}

type Split = { trusted: string[]; untrusted: string[] };

// A run's results are checked on every later call: each is split into lower-cased texts once.
const splits = new WeakMap<object, Split>();

function splitOnce(result: Evidence["results"][number]): Split {
  let cached = splits.get(result);
  if (!cached) {
    cached = split(result.value);
    splits.set(result, cached);
  }
  return cached;
}

// From the most to the least trusted: a structured value is as trusted as its least trusted part.
const TRUST_ORDER: Provenance[] = ["none", "operator", "tool", "model", "untrusted"];

function sourceOf(value: unknown, goal: string, sources: Split[]): Provenance {
  if (value === undefined || value === null || value === "") return "none";
  if (typeof value === "object") return structuredSourceOf(value, goal, sources);
  const forms = textForms(value);
  if (forms.length === 0) return "model";
  const tokens = forms.map(wholeToken);
  const mentioned = (text: string) => tokens.some((token) => token.test(text));
  if (mentioned(goal)) return "operator";
  for (const source of sources) {
    if (source.trusted.some((t) => forms.includes(t) || mentioned(t))) return "tool";
    if (source.untrusted.some(mentioned)) return "untrusted";
  }
  return "model";
}

/** An object or array argument: untrusted when any value inside it is; "model" when nothing inside is traced. */
function structuredSourceOf(value: object, goal: string, sources: Split[]): Provenance {
  const inner = Object.values(value).map((v) => sourceOf(v, goal, sources));
  const worst = inner.reduce<Provenance>(
    (a, b) => (TRUST_ORDER.indexOf(b) > TRUST_ORDER.indexOf(a) ? b : a),
    "none",
  );
  return worst === "none" ? "model" : worst;
}

/** The ways a value can be written in text, lower-cased; short strings are too common to trace. */
function textForms(value: unknown): string[] {
  if (typeof value === "number") return [String(value), value.toFixed(2)];
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    return v.length >= 3 ? [v] : [];
  }
  return [];
}

/**
 * The form as a whole token: "50" is not in "150", "O-50" is not in "O-5019", and an "O-50171"
 * earlier in the text does not hide a later "O-5017". One native scan of the text: a loop over
 * every occurrence took 68 ms for "aaa" in a 1 MiB result of a's, and a gate agent may report 29 of
 * them before each call it asks for.
 */
function wholeToken(form: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(form)}(?![\\p{L}\\p{N}_-])`, "u");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

// Everything inside an untrusted field is untrusted, whatever its own key (a remembered object).
function split(
  value: unknown,
  key = "",
  out: Split = { trusted: [], untrusted: [] },
  inUntrusted = false,
): Split {
  const untrusted = inUntrusted || UNTRUSTED_FIELDS.has(key);
  if (typeof value === "string" || typeof value === "number") {
    const text = String(value).toLowerCase();
    (untrusted ? out.untrusted : out.trusted).push(text);
  } else if (Array.isArray(value)) {
    for (const v of value) split(v, key, out, untrusted);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) split(v, k, out, untrusted);
  }
  return out;
}
