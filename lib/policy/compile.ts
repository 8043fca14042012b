import type { DetailedError } from "@cedar-policy/cedar-wasm/nodejs";
import { builtInTools } from "@/lib/tools/registry";
import type { AnyTool } from "@/lib/tools/types";
import { cedar, cedarGeneration, isCedarFault, restartCedar } from "./cedar-engine";
import { policyBoundsProblem } from "./policy-bounds";
import { policySchema } from "./schema";

/** A Cedar message with the line and column it points at, as an editor shows it. */
export type PolicyProblem = {
  message: string;
  help: string | null;
  line: number | null;
  column: number | null;
};

export type PolicyStatement = {
  id: string;
  effect: "permit" | "forbid";
  /** Set on `@approval("why")` forbids: a match asks a person instead of denying. */
  approval: string | null;
  expiresMinutes: number | null;
  /** The actions (tools) the statement's scope names; null: every action. */
  actions: string[] | null;
  /** Actions an `unless { action in [...] }` rules out: the statement can never match their calls. */
  excludedActions: string[];
  /** Any principal, any resource, no `when`/`unless`: it matches every call of its actions. */
  unconditional: boolean;
  text: string;
};

/** Cedar cache keys of one action's slice: every statement, and those a person cannot override. */
export type PolicySlice = {
  full: string;
  hard: string;
  /**
   * Set when the slice is nothing but unconditional permits (reads, usually): Cedar's answer is
   * then known without asking it — allowed, by these statements.
   */
  allowedBy: string[] | null;
};

/** A policy set parsed, validated and loaded into Cedar's cache, ready to decide calls. */
export type CompiledPolicy = {
  version: number;
  /** The Cedar instance it was loaded into (see cedar-engine): after a restart it must be compiled again. */
  generation: number;
  text: string;
  statements: Map<string, PolicyStatement>;
  /**
   * Per tool, only the statements whose scope can match it: deciding a call evaluates a handful
   * of statements instead of the whole set. Tools outside the catalog get the unscoped ones.
   */
  slices: Map<string, PolicySlice>;
  otherActions: PolicySlice;
};

/** `unprocessable`: beyond the bounds, or Cedar faulted on it — not merely invalid. */
type Refused = { problems: PolicyProblem[]; unprocessable?: boolean };
type Checked = { ok: true; statements: PolicyStatement[] } | ({ ok: false } & Refused);

/**
 * Parses and validates a policy text against the Cedar schema of a tool catalog (by default the
 * built-in tools; a tenant's adds its own) without loading it. Text beyond the bounds never
 * reaches Cedar; should Cedar still fault, it is restarted and the text refused.
 */
export function checkPolicy(text: string, tools: AnyTool[] = builtInTools): Checked {
  return guarded(text, () => {
    const parsed = parseWithCedar(text);
    return parsed.ok ? validateWithCedar(text, parsed.statements, tools) : parsed;
  });
}

/**
 * Parses a policy text into its statements without validating it against any catalog: for a
 * version saved under an older catalog, whose statements must still be read.
 */
export function parsePolicy(text: string): Checked {
  return guarded(text, () => parseWithCedar(text));
}

function guarded(text: string, check: () => Checked): Checked {
  const beyond = policyBoundsProblem(text);
  if (beyond)
    return {
      ok: false,
      unprocessable: true,
      problems: [{ message: beyond, help: null, line: null, column: null }],
    };
  // The fault may be an earlier request's (the instance was already broken): once more on a fresh one.
  for (let attempt = 0; ; attempt++) {
    try {
      return check();
    } catch (error) {
      if (!isCedarFault(error)) throw error;
      restartCedar();
      if (attempt >= 1) return { ok: false, ...faulted() };
    }
  }
}

const ENGINE_FAULT =
  "The policy engine could not process this text (it was restarted; nothing else was affected). Simplify the policy: fewer nested or chained conditions.";

const faulted = (): Refused => ({
  unprocessable: true,
  problems: [{ message: ENGINE_FAULT, help: null, line: null, column: null }],
});

function parseWithCedar(text: string): Checked {
  if (text.trim().length === 0)
    return {
      ok: false,
      problems: [
        { message: "The policy is empty: it would deny every call.", help: null, line: null, column: null },
      ],
    };
  const parts = cedar().policySetTextToParts(text);
  if (parts.type !== "success") return { ok: false, problems: parts.errors.map((e) => problem(e, text)) };
  if (parts.policy_templates.length > 0)
    return {
      ok: false,
      problems: [
        {
          message: "Policy templates are not supported: write static policies.",
          help: null,
          line: null,
          column: null,
        },
      ],
    };
  const statements: PolicyStatement[] = [];
  const seen = new Set<string>();
  for (const [index, source] of parts.policies.entries()) {
    const json = cedar().policyToJson(source);
    if (json.type !== "success") return { ok: false, problems: json.errors.map((e) => problem(e, text)) };
    const annotations = json.json.annotations ?? {};
    const id = annotations.id ?? `policy${index}`;
    if (seen.has(id))
      return {
        ok: false,
        problems: [
          {
            message: `Two policies share the id "${id}": ids must be unique.`,
            help: null,
            line: null,
            column: null,
          },
        ],
      };
    seen.add(id);
    const expires = annotations.expires_minutes;
    if (expires !== undefined && !/^\d{1,5}$/.test(expires))
      return {
        ok: false,
        problems: [
          {
            message: `@expires_minutes("${expires}") on "${id}" must be a whole number of minutes.`,
            help: null,
            line: null,
            column: null,
          },
        ],
      };
    if ("approval" in annotations && json.json.effect !== "forbid")
      return {
        ok: false,
        problems: [
          {
            message: `@approval on "${id}" belongs on a forbid: it names calls that wait for a person.`,
            help: null,
            line: null,
            column: null,
          },
        ],
      };
    statements.push({
      id,
      effect: json.json.effect,
      approval: "approval" in annotations ? annotations.approval || "Needs approval" : null,
      expiresMinutes: expires === undefined ? null : Number(expires),
      actions: scopedActions(json.json.action),
      excludedActions: excludedActions(json.json.conditions ?? []),
      unconditional:
        json.json.principal.op === "All" &&
        json.json.resource.op === "All" &&
        (json.json.conditions ?? []).length === 0,
      text: source,
    });
  }
  return { ok: true, statements };
}

function validateWithCedar(text: string, statements: PolicyStatement[], tools: AnyTool[]): Checked {
  const byId = Object.fromEntries(statements.map((s) => [s.id, s.text]));
  const validation = cedar().validate({
    schema: policySchema(tools),
    policies: { staticPolicies: byId },
    validationSettings: { mode: "strict" },
  });
  if (validation.type !== "success")
    return { ok: false, problems: validation.errors.map((e) => problem(e, text)) };
  if (validation.validationErrors.length > 0)
    return {
      ok: false,
      problems: validation.validationErrors.map((v) => ({
        ...problem(v.error, text, text.indexOf(byId[v.policyId] ?? "")),
        message: `${v.policyId}: ${v.error.message}`,
      })),
    };
  return { ok: true, statements };
}

export type CompileOptions = {
  /** The catalog the policy decides: its schema validates the text, and each of its tools gets a slice. */
  tools?: AnyTool[];
  /**
   * False for a version saved under an older catalog that no longer validates (a tool it names was
   * removed or changed): its statements still decide, and any that no longer fits a call errors,
   * which denies.
   */
  validate?: boolean;
};

/** Compiles a valid policy text into Cedar's cache under `cacheKey` (one per tenant). */
export function compilePolicy(
  cacheKey: string,
  version: number,
  text: string,
  options: CompileOptions = {},
  mayRetry = true,
): CompiledPolicy | Refused {
  const tools = options.tools ?? builtInTools;
  const checked = options.validate === false ? parsePolicy(text) : checkPolicy(text, tools);
  if (!checked.ok) return { problems: checked.problems, unprocessable: checked.unprocessable };
  const slices = new Map<string, PolicySlice>();
  try {
    for (const { name: action } of tools) {
      const matching = checked.statements.filter((s) =>
        s.actions === null ? !s.excludedActions.includes(action) : s.actions.includes(action),
      );
      slices.set(action, loadSlice(`${cacheKey}:${action}`, matching));
    }
    const otherActions = loadSlice(
      `${cacheKey}:*`,
      checked.statements.filter((s) => s.actions === null),
    );
    return {
      version,
      generation: cedarGeneration(),
      text,
      statements: new Map(checked.statements.map((s) => [s.id, s])),
      slices,
      otherActions,
    };
  } catch (error) {
    if (isCedarFault(error)) {
      // Checked on this instance a moment ago, so the fault may be an earlier request's: once more.
      restartCedar();
      return mayRetry ? compilePolicy(cacheKey, version, text, options, false) : faulted();
    }
    return { problems: [{ message: String(error), help: null, line: null, column: null }] };
  }
}

function loadSlice(key: string, statements: PolicyStatement[]): PolicySlice {
  const alwaysAllowed =
    statements.length > 0 && statements.every((s) => s.effect === "permit" && s.unconditional);
  const slice = {
    full: `${key}:full`,
    hard: `${key}:hard`,
    allowedBy: alwaysAllowed ? statements.map((s) => s.id) : null,
  };
  const sets = [
    [slice.full, statements],
    [slice.hard, statements.filter((s) => !s.approval)],
  ] as const;
  for (const [id, members] of sets) {
    const loaded = cedar().preparsePolicySet(id, {
      staticPolicies: Object.fromEntries(members.map((s) => [s.id, s.text])),
    });
    if (loaded.type !== "success") throw new Error(loaded.errors.map((e) => e.message).join("; "));
  }
  return slice;
}

type ActionScope = { op: string; entity?: unknown; entities?: unknown[] };

function scopedActions(scope: ActionScope): string[] | null {
  if (scope.op === "All") return null;
  const ids = [scope.entity, ...(scope.entities ?? [])].flatMap((uid) => {
    const e = uid as { __entity?: { id: string }; id?: string } | undefined;
    const id = e?.__entity?.id ?? e?.id;
    return id ? [id] : [];
  });
  return ids.length > 0 ? ids : null;
}

type Condition = { kind: string; body: unknown };
type EntityValue = { Value?: { __entity?: { type?: string; id?: string } } };

/**
 * The actions of an `unless { action in [Action::"a", …] }` or `unless { action == Action::"a" }`:
 * for those the statement never matches, so their slices leave it out (a rule for "every other
 * tool" keeps the listed tools' decisions as fast as before).
 */
function excludedActions(conditions: Condition[]): string[] {
  const ids = (values: EntityValue[]) =>
    values.flatMap((v) =>
      v.Value?.__entity?.type === "Action" && v.Value.__entity.id ? [v.Value.__entity.id] : [],
    );
  return conditions.flatMap((condition) => {
    if (condition.kind !== "unless") return [];
    const body = condition.body as {
      in?: { left?: { Var?: string }; right?: { Set?: EntityValue[] } };
      "=="?: { left?: { Var?: string }; right?: EntityValue };
    };
    if (body.in?.left?.Var === "action" && body.in.right?.Set) return ids(body.in.right.Set);
    if (body["=="]?.left?.Var === "action" && body["=="].right) return ids([body["=="].right]);
    return [];
  });
}

/** Locations are offsets into the text Cedar parsed: the whole set, or one statement starting at `offset`. */
function problem(error: DetailedError, text: string, offset = 0): PolicyProblem {
  const start = error.sourceLocations?.[0]?.start;
  if (start === undefined) return { message: error.message, help: error.help, line: null, column: null };
  const before = text.slice(0, Math.max(0, offset) + start).split("\n");
  return {
    message: error.message,
    help: error.help,
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
  };
}
