import { canonicalJson } from "@/lib/canonical-json";

/** One tool call of a run, as the comparison reads it. */
export type CallView = {
  seq: number;
  toolName: string;
  args: unknown;
  status: string;
  /** The policy's effect on the call (allow / deny / approval), if policy decided it. */
  policy: string | null;
  policyVersion: number | null;
  inherited: boolean;
  recorded: boolean;
};

export type ArgChange = { name: string; a: string | undefined; b: string | undefined };

export type AlignedRow =
  | { kind: "same"; a: CallView; b: CallView }
  | { kind: "changed"; a: CallView; b: CallView; diff: ArgChange[] }
  | { kind: "missing"; a: CallView }
  | { kind: "new"; b: CallView };

/**
 * Lines up two runs' tool calls step by step: the longest common sequence of tool names pairs
 * calls (same arguments: `same`, else `changed` with the arguments that differ); a call only the
 * first run made is `missing` from the second, one only the second made is `new`.
 */
export function alignCalls(a: CallView[], b: CallView[]): AlignedRow[] {
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..] by tool name.
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i][j] =
        a[i].toolName === b[j].toolName
          ? lengths[i + 1][j + 1] + 1
          : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  const rows: AlignedRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i].toolName === b[j].toolName) {
      rows.push(pair(a[i], b[j]));
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lengths[i + 1][j] >= lengths[i][j + 1])) {
      rows.push({ kind: "missing", a: a[i++] });
    } else {
      rows.push({ kind: "new", b: b[j++] });
    }
  }
  return rows;
}

function pair(a: CallView, b: CallView): AlignedRow {
  const diff = argDiff(a.args, b.args);
  return diff.length === 0 ? { kind: "same", a, b } : { kind: "changed", a, b, diff };
}

/** The arguments whose canonical JSON differs, by name; arguments that are not objects compare whole. */
export function argDiff(a: unknown, b: unknown): ArgChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) {
    const [ca, cb] = [canonicalJson(a ?? null), canonicalJson(b ?? null)];
    return ca === cb ? [] : [{ name: "arguments", a: ca, b: cb }];
  }
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const text = (o: Record<string, unknown>, k: string) => (k in o ? canonicalJson(o[k]) : undefined);
  return names
    .map((name) => ({ name, a: text(a, name), b: text(b, name) }))
    .filter((change) => change.a !== change.b);
}
