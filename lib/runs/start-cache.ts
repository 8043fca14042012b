import { eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Agent, agents, type ModelPriceRow, type PinnedPlaybook } from "@/db/schema";
import { priceStampSql } from "@/lib/models/pricing";
import { applicablePlaybooksSql, playbookStampSql } from "@/lib/playbooks/applicable";

/**
 * What every start of an agent's run reads that changes rarely: the agent's row and its model's
 * price, each with a stamp (the md5 of its row), and the playbooks that apply to the agent with
 * theirs (their ids and versions). A start from memory checks the stamps inside its insert
 * (`staleSql`), so any change by any process, committed before the start, sends it back to the
 * database.
 */
export type RememberedStart = {
  agent: Agent;
  agentStamp: string;
  /** Read in the statement that read the agent's row, so they go with its tags. */
  playbooks: PinnedPlaybook[];
  playbooksStamp: string;
  price: ModelPriceRow | null;
  priceStamp: string | null;
};

const MAX_REMEMBERED = 1000;
const remembered = new Map<string, RememberedStart>();

const keyOf = (tenantId: string, agentName: string, model: string | undefined) =>
  `${tenantId}\u0000${agentName}\u0000${model ?? ""}`;

export function recall(tenantId: string, agentName: string, model: string | undefined) {
  return remembered.get(keyOf(tenantId, agentName, model));
}

export function remember(
  tenantId: string,
  agentName: string,
  model: string | undefined,
  start: RememberedStart,
) {
  const key = keyOf(tenantId, agentName, model);
  remembered.delete(key);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(key, start);
}

export function forget(tenantId: string, agentName: string, model: string | undefined) {
  remembered.delete(keyOf(tenantId, agentName, model));
}

/** The tenant's agent of that name, with its stamp and the playbooks that apply to it. */
export async function stampedAgent(db: DbOrTx, tenantId: string, name: string) {
  const [row] = await db
    .select({
      agent: getTableColumns(agents),
      stamp: sql<string>`md5(${agents}::text)`,
      playbooks: sql<PinnedPlaybook[]>`${applicablePlaybooksSql(agents.tenantId, agents.tags)}`,
      playbooksStamp: sql<string>`${playbookStampSql(agents.tenantId, agents.tags)}`,
    })
    .from(agents)
    .where(sql`${agents.tenantId} = ${tenantId} and ${agents.name} = ${name}`);
  return row;
}

/** True when the remembered agent, price or playbooks are no longer what the database holds. */
export const staleSql = (start: RememberedStart, model: string, tenantId: string): SQL => sql`(
  (select md5(${agents}::text) from ${agents} where ${eq(agents.id, start.agent.id)}) is distinct from ${start.agentStamp}
  or ${priceStampSql(model, new Date(), tenantId)} is distinct from ${start.priceStamp}::text
  ${playbooksStaleSql(start, tenantId)})`;

// An agent without tags gets no playbook, whatever is written: nothing to check.
const playbooksStaleSql = (start: RememberedStart, tenantId: string): SQL =>
  start.agent.tags.length === 0
    ? sql``
    : sql`or ${playbookStampSql(tenantId, start.agent.tags)} is distinct from ${start.playbooksStamp}::text`;
