import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { PinnedPlaybook } from "@/db/schema";

/**
 * The live playbooks of a tenant that carry one of `tags`, as a json array of pinned versions
 * (ordered by name): a subquery, so that a start reads them in the statement that reads its agent.
 */
export const applicablePlaybooksSql = (
  tenantId: SQLWrapper | string,
  tags: SQLWrapper | string[],
): SQL => sql`coalesce((
    select json_agg(json_build_object('id', p.id, 'name', p.name, 'version', p.version, 'instructions', p.instructions)
      order by p.name, p.id)
    from playbooks p
    where p.tenant_id = ${tenantId} and p.deleted_at is null and p.tags && ${Array.isArray(tags) ? textArray(tags) : tags}
  ), '[]'::json)`;

/**
 * The ids and versions of the playbooks that apply (`id:version,…`, '' for none): a start from memory
 * compares it with the one read with the agent, inside its insert, so an edit by any process
 * committed before the start sends it back to read them.
 */
export const playbookStampSql = (tenantId: SQLWrapper | string, tags: SQLWrapper | string[]): SQL =>
  sql`(select coalesce(string_agg(p.id::text || ':' || p.version, ',' order by p.id), '')
    from playbooks p
    where p.tenant_id = ${tenantId} and p.deleted_at is null and p.tags && ${Array.isArray(tags) ? textArray(tags) : tags})`;

/** A text[] of these values (drizzle would spread an array into a list of parameters). */
export const textArray = (values: string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The playbooks that apply to an agent with these tags, as a run starting now would get them. */
export async function applicablePlaybooks(
  db: DbOrTx,
  tenantId: string,
  tags: string[],
): Promise<PinnedPlaybook[]> {
  if (tags.length === 0) return [];
  const [row] = await db.execute<{ playbooks: PinnedPlaybook[] }>(
    sql`select ${applicablePlaybooksSql(tenantId, tags)} as playbooks`,
  );
  return row?.playbooks ?? [];
}
