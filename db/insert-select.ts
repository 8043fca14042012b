import { type Column, getTableColumns, isSQLWrapper, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

type Values<T extends PgTable> = { [K in keyof T["$inferInsert"]]?: T["$inferInsert"][K] | SQL };

/**
 * `insert into <table> (…) select <values> <from>`: an insert that a statement can make conditional
 * (`from … where …`) or feed from another part of it. Each value is cast to its column's type (a
 * parameter in a select list has none) and encoded as Drizzle would; an SQL value is used as is.
 */
export function insertSelect<T extends PgTable>(table: T, values: Values<T>, from: SQL): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const names: SQL[] = [];
  const selected: SQL[] = [];
  for (const [key, value] of Object.entries(values)) {
    const column = columns[key];
    if (value === undefined || !column) continue;
    names.push(sql`${sql.identifier(column.name)}`);
    selected.push(
      isSQLWrapper(value)
        ? sql`${value}`
        : value === null
          ? sql`null::${sql.raw(column.getSQLType())}`
          : sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`,
    );
  }
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(selected, sql`, `)} ${from}`;
}

/** A row a raw statement returned (`returning *`), read as Drizzle reads the table's rows. */
export function rowOf<T extends PgTable>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, Column>)) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}
