import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * A demand order's status follows its places in the same trigger that sums them (one rule, one
 * home): fulfilled once every place is filled, reserved while any project holds places, open
 * otherwise. An order closed or cancelled by its enterprise keeps its status. The repositories no
 * longer settle statuses in a statement of their own after each move (a round trip, while the
 * order's row stays locked), and a project reserves its places in one statement (issue 13).
 */
const status = (reserved: string, filled: string) => `
  status = case
    when status not in ('open', 'reserved', 'fulfilled') then status
    when ${filled} = headcount then 'fulfilled'
    when ${reserved} > 0 then 'reserved'
    else 'open' end`;

/** The places triggers' functions, settling the status too or (as before this migration) not. */
const placesFunctions = (settle: boolean) => `
  create or replace function project_demand_orders_move_places() returns trigger
  language plpgsql as $$
  begin
    update demand_orders
       set reserved_headcount = reserved_headcount + (new.held - coalesce(old.held, 0)),
           filled_headcount = filled_headcount + (new.filled - coalesce(old.filled, 0)),${
             settle
               ? `${status(
                   'reserved_headcount + (new.held - coalesce(old.held, 0))',
                   'filled_headcount + (new.filled - coalesce(old.filled, 0))',
                 )},`
               : ''
           }
           updated_at = now()
     where id = new.demand_order_id;
    return null;
  end $$;
  create or replace function project_demand_orders_insert_places() returns trigger
  language plpgsql as $$
  begin
    if new.held = 0 and new.filled = 0 then return null; end if;
    update demand_orders
       set reserved_headcount = reserved_headcount + new.held,
           filled_headcount = filled_headcount + new.filled,${
             settle
               ? `${status('reserved_headcount + new.held', 'filled_headcount + new.filled')},`
               : ''
           }
           updated_at = now()
     where id = new.demand_order_id;
    return null;
  end $$;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`${placesFunctions(true)}
    update demand_orders set ${status('reserved_headcount', 'filled_headcount')}
     where status in ('open', 'reserved', 'fulfilled');`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(placesFunctions(false)).execute(db);
}
