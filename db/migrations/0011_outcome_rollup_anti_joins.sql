-- NOT IN (subquery) cannot become an anti-join: PostgreSQL hashes its subquery only while it fits
-- in work_mem and otherwise rescans it for every row. A bulk load of 1M patients queues ~500k
-- created procedures, past that size, and the catch-up went quadratic (still running after 10
-- minutes on PGlite; 100k patients took 5 s). NOT EXISTS plans as a hash anti-join at any size.
-- The function is otherwise unchanged from 0010.
CREATE OR REPLACE FUNCTION outcome_rollup_apply() RETURNS void
LANGUAGE plpgsql
-- Plans for this queue, not one cached when the tables were small (as _add).
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  rollup_zone text;
  key_days date[];
  key_types procedure_type[];
  key_physicians uuid[];
  key_etiologies etiology[];
  added_ids uuid[];
  zero_dates date[];
  zero_physicians uuid[];
  zero_etiologies etiology[];
  zero_planned procedure_type[];
  zero_statuses patient_status[];
BEGIN
  SELECT time_zone INTO STRICT rollup_zone FROM outcome_rollup_state;

  IF EXISTS (
    SELECT FROM outcome_rollup_queue WHERE (txid = txid_current() OR deferred) AND rebuild
  ) THEN
    DELETE FROM outcome_rollup_queue WHERE txid = txid_current() OR deferred;
    DELETE FROM outcome_patient_count_queue WHERE txid = txid_current() OR deferred;
    PERFORM outcome_rollup_rebuild(rollup_zone);
    RETURN;
  END IF;

  -- Keys as they are now (this statement's snapshot is younger than the lock) and keys left.
  -- A created procedure cannot be in the rollup yet, nor anything of it (no other transaction
  -- could see it before its rows were queued, and queued rows are applied together): its sums
  -- are added, unless its key is recomputed.
  WITH queued AS (
    DELETE FROM outcome_rollup_queue WHERE txid = txid_current() OR deferred
    RETURNING procedure_id, created, patient_id, performed_at, type, physician_id
  ),
  created AS (
    SELECT q.procedure_id AS id FROM queued q WHERE q.created
  ),
  current AS (
    SELECT pr.id, (pr.performed_at AT TIME ZONE rollup_zone)::date AS day, pr.type,
      pr.physician_id, pa.etiology
    FROM procedures pr
    JOIN patients pa ON pa.id = pr.patient_id
    WHERE pr.status = 'completed' AND pr.id IN (SELECT q.procedure_id FROM queued q)
  ),
  affected AS (
    SELECT c.day, c.type, c.physician_id, c.etiology
    FROM current c
    WHERE NOT EXISTS (SELECT FROM created cr WHERE cr.id = c.id)
    UNION
    -- A patient whose etiology changed: its procedures' keys under every etiology.
    SELECT (pr.performed_at AT TIME ZONE rollup_zone)::date, pr.type, pr.physician_id, NULL
    FROM procedures pr
    WHERE pr.status = 'completed' AND pr.patient_id IN (SELECT q.patient_id FROM queued q)
    UNION
    -- A key a procedure left, under every etiology: its patient may have changed or gone since.
    SELECT (q.performed_at AT TIME ZONE rollup_zone)::date, q.type, q.physician_id, NULL
    FROM queued q
    WHERE q.performed_at IS NOT NULL
  ),
  keys AS (
    SELECT DISTINCT a.day, a.type, a.physician_id, e.etiology
    FROM affected a
    CROSS JOIN LATERAL unnest(
      CASE WHEN a.etiology IS NULL THEN enum_range(NULL::etiology) ELSE ARRAY[a.etiology] END
    ) AS e(etiology)
  )
  SELECT
    (SELECT array_agg(day) FROM keys), (SELECT array_agg(type) FROM keys),
    (SELECT array_agg(physician_id) FROM keys), (SELECT array_agg(etiology) FROM keys),
    (SELECT array_agg(c.id) FROM current c
      WHERE EXISTS (SELECT FROM created cr WHERE cr.id = c.id)
        AND NOT EXISTS (
          SELECT FROM keys k
          WHERE k.day = c.day AND k.type = c.type AND k.physician_id = c.physician_id
            AND k.etiology = c.etiology
        ))
  INTO key_days, key_types, key_physicians, key_etiologies, added_ids;
  IF key_days IS NOT NULL THEN
    PERFORM outcome_rollup_replace(
      rollup_zone, key_days, key_types, key_physicians, key_etiologies
    );
  END IF;
  IF added_ids IS NOT NULL THEN
    PERFORM outcome_rollup_add(rollup_zone, false, NULL, NULL, NULL, NULL, added_ids);
  END IF;

  -- Patient counts move by the queued +1 / −1s; a key that reaches zero goes.
  WITH changes AS (
    DELETE FROM outcome_patient_count_queue WHERE txid = txid_current() OR deferred
    RETURNING referral_date, assigned_physician_id, etiology, planned_procedure, status, delta
  ),
  net AS (
    SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status,
      sum(delta)::int AS delta
    FROM changes
    GROUP BY referral_date, assigned_physician_id, etiology, planned_procedure, status
    HAVING sum(delta) <> 0
  ),
  counted AS (
    INSERT INTO outcome_patient_counts AS c (referral_date, assigned_physician_id, etiology,
      planned_procedure, status, n)
    SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, delta
    FROM net
    ON CONFLICT (referral_date, assigned_physician_id, etiology, planned_procedure, status)
      DO UPDATE SET n = c.n + excluded.n
    RETURNING c.*
  )
  SELECT array_agg(referral_date), array_agg(assigned_physician_id), array_agg(etiology),
    array_agg(planned_procedure), array_agg(status)
  INTO zero_dates, zero_physicians, zero_etiologies, zero_planned, zero_statuses
  FROM counted
  WHERE n = 0;
  IF zero_dates IS NOT NULL THEN
    DELETE FROM outcome_patient_counts c
    USING unnest(zero_dates, zero_physicians, zero_etiologies, zero_planned, zero_statuses)
      AS z(referral_date, assigned_physician_id, etiology, planned_procedure, status)
    WHERE c.referral_date = z.referral_date
      AND c.assigned_physician_id = z.assigned_physician_id
      AND c.etiology = z.etiology
      AND c.planned_procedure IS NOT DISTINCT FROM z.planned_procedure
      AND c.status = z.status
      AND c.n = 0;
  END IF;
END;
$$;
