import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { loadTenantTools, tenantCatalog } from "@/lib/tools/tenant-tools";
import { cedarGeneration, PolicyUnavailableError } from "./cedar-engine";
import { type CompiledPolicy, compilePolicy } from "./compile";

export const POLICY_CHANNEL = "flightdeck_policies";
// A notification lost while a connection was down is caught by re-reading at most this late.
const MAX_AGE_MS = 10_000;

type Cached = { policy: CompiledPolicy; loadedAt: number; catalogVersion: number };

/**
 * Each tenant's active policy, compiled once and kept per process: deciding a call makes no
 * query. Saving a version notifies every process (LISTEN) to drop its copy.
 */
class PolicyCache {
  private cache = new Map<string, Cached>();
  private loading = new Map<string, Promise<CompiledPolicy>>();
  private pinned = new Map<string, Cached>();
  private listening: Promise<unknown> | undefined;

  constructor(private readonly db: Db) {}

  async active(tenantId: string): Promise<CompiledPolicy> {
    this.listening ??= this.db.$client
      .listen(POLICY_CHANNEL, (tenant) => this.cache.delete(tenant))
      .catch(() => {
        this.listening = undefined;
      });
    await this.listening;
    // The tenant's own tools are part of the schema: a change to them compiles the policy again.
    await loadTenantTools(this.db, tenantId);
    const hit = this.cache.get(tenantId);
    if (
      hit &&
      Date.now() - hit.loadedAt < MAX_AGE_MS &&
      hit.policy.generation === cedarGeneration() &&
      hit.catalogVersion === tenantCatalog(tenantId).version
    )
      return hit.policy;
    let load = this.loading.get(tenantId);
    if (!load) {
      load = this.load(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, load);
    }
    return load;
  }

  /**
   * One saved version of the tenant's policy (0: the built-in default), whatever is active: a replay
   * decides its calls under the version it names. Versions never change once saved.
   */
  async version(tenantId: string, version: number): Promise<CompiledPolicy> {
    await loadTenantTools(this.db, tenantId);
    const key = `${tenantId}:v${version}`;
    const catalog = tenantCatalog(tenantId);
    const hit = this.pinned.get(key);
    if (hit && hit.policy.generation === cedarGeneration() && hit.catalogVersion === catalog.version)
      return hit.policy;
    const [row] =
      version === 0
        ? [{ text: DEFAULT_POLICY }]
        : await this.db
            .select({ text: policies.text })
            .from(policies)
            .where(and(eq(policies.tenantId, tenantId), eq(policies.version, version)));
    if (!row) throw new PolicyUnavailableError(new Error(`there is no policy version ${version}`));
    const compiled = compilePolicy(`tenant:${key}`, version, row.text, {
      tools: catalog.tools,
      validate: false,
    });
    if ("problems" in compiled)
      throw new PolicyUnavailableError(new Error(compiled.problems[0]?.message ?? "policy does not parse"));
    this.pinned.set(key, { policy: compiled, loadedAt: Date.now(), catalogVersion: catalog.version });
    return compiled;
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async load(tenantId: string): Promise<CompiledPolicy> {
    const [row] = await this.db
      .select({ version: policies.version, text: policies.text })
      .from(policies)
      .where(eq(policies.tenantId, tenantId))
      .orderBy(desc(policies.version))
      .limit(1);
    const catalog = tenantCatalog(tenantId);
    const hit = this.cache.get(tenantId);
    const version = row?.version ?? 0;
    if (
      hit &&
      hit.policy.version === version &&
      hit.policy.generation === cedarGeneration() &&
      hit.catalogVersion === catalog.version
    ) {
      hit.loadedAt = Date.now();
      return hit.policy;
    }
    const key = `tenant:${tenantId}`;
    const text = row?.text ?? DEFAULT_POLICY;
    let compiled = compilePolicy(key, version, text, { tools: catalog.tools });
    // A text Cedar cannot process at all decides nothing.
    if ("problems" in compiled && compiled.unprocessable)
      throw new PolicyUnavailableError(new Error(compiled.problems[0]?.message ?? "unprocessable policy"));
    if ("problems" in compiled) {
      // Valid when saved, but the catalog changed since (a tool it names was removed, or its
      // arguments changed). The tenant's own statements keep deciding — never a more permissive
      // default — and one that no longer fits a call errors, which denies.
      console.error(
        `Policy v${version} of tenant ${tenantId} no longer fits its tool catalog (${compiled.problems[0]?.message}); its statements decide unvalidated.`,
      );
      compiled = compilePolicy(key, version, text, { tools: catalog.tools, validate: false });
      if ("problems" in compiled)
        throw new PolicyUnavailableError(new Error(compiled.problems[0]?.message ?? "policy does not parse"));
    }
    this.cache.set(tenantId, { policy: compiled, loadedAt: Date.now(), catalogVersion: catalog.version });
    return compiled;
  }
}

const caches = new WeakMap<Db, PolicyCache>();

export function policyCache(db: Db): PolicyCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new PolicyCache(db);
    caches.set(db, cache);
  }
  return cache;
}
