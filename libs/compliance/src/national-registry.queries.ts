import { EntityManager } from '@mikro-orm/postgresql';

/**
 * The date of the national registry copy in use: the newest `registryDate`
 * among completed registry extracts (import jobs, read only). Null when none
 * was loaded, or none said its date.
 */
export async function nationalRegistryCopyDate(em: EntityManager): Promise<Date | null> {
  // On the caller's transaction when it is in one (a campaign start reads this under its row lock).
  const [row] = await em.execute<{ copy_date: string | null }[]>(
    `select max((options->'dnc'->>'registryDate')::date)::text as copy_date from import_jobs
      where target = 'dnc' and state = 'completed' and options->'dnc'->>'source' = 'registry' and options->'dnc'->>'registryDate' is not null`,
  );
  return row?.copy_date ? new Date(`${row.copy_date}T00:00:00Z`) : null;
}
