-- Keeps the outcome rollups (db/schema.ts) exact. Each statement on a base table queues what it
-- may have changed; at commit one deferred trigger takes a lock, then recomputes the affected
-- keys from the base rows, adds procedures this transaction created and moves the patient counts
-- by the queued +1 / −1s. Under READ COMMITTED every statement after the lock sees all flushes
-- that committed before it, so two transactions touching one key cannot leave a stale sum.
-- Flushing at commit keeps the lock after all of the transaction's row locks (no deadlock with
-- them) and flushes a many-statement transaction (a seed batch) once.
--
-- The procedure key: performed day in the rollup's time zone, type, physician, patient etiology.
--
-- Adds the sums of a set of completed procedures to the rollup rows: every one (every_key, into
-- an emptied rollup), those under the keys (whose rows were just deleted), or those with the ids
-- (created by this transaction, so not counted anywhere yet).
CREATE FUNCTION outcome_rollup_add(
  in_zone text,
  every_key boolean,
  key_days date[],
  key_types procedure_type[],
  key_physicians uuid[],
  key_etiologies etiology[],
  procedure_ids uuid[]
) RETURNS void
LANGUAGE plpgsql
-- Planned for each call's arrays (a plan cached while the tables were small scans them whole
-- once they are large), and without JIT: compiling this statement costs more than running it.
SET plan_cache_mode = force_custom_plan
SET jit = off
AS $$
BEGIN
  WITH scope AS MATERIALIZED (
    SELECT pr.id, (pr.performed_at AT TIME ZONE in_zone)::date AS day, pr.type, pr.physician_id,
      pa.etiology, pr.disposition, pr.overnight_reason
    FROM procedures pr
    JOIN patients pa ON pa.id = pr.patient_id
    WHERE every_key AND pr.status = 'completed'
    UNION ALL
    SELECT pr.id, k.day, pr.type, pr.physician_id, pa.etiology, pr.disposition,
      pr.overnight_reason
    FROM unnest(key_days, key_types, key_physicians, key_etiologies)
      AS k(day, type, physician_id, etiology)
    CROSS JOIN LATERAL (
      SELECT * FROM procedures p
      WHERE p.status = 'completed'
        -- A local day lies within its neighbours' midnights whatever the DST rules; the index
        -- reads that range and the exact day test follows.
        AND p.performed_at >= (k.day - 1)::timestamp AT TIME ZONE in_zone
        AND p.performed_at < (k.day + 2)::timestamp AT TIME ZONE in_zone
        AND (p.performed_at AT TIME ZONE in_zone)::date = k.day
        AND p.type = k.type
        AND p.physician_id = k.physician_id
      -- Kept a subquery: joined, the planner hashes every procedure against every key instead.
      OFFSET 0
    ) pr
    JOIN patients pa ON pa.id = pr.patient_id AND pa.etiology = k.etiology
    UNION ALL
    SELECT pr.id, (pr.performed_at AT TIME ZONE in_zone)::date, pr.type, pr.physician_id,
      pa.etiology, pr.disposition, pr.overnight_reason
    FROM unnest(procedure_ids) AS i(id)
    CROSS JOIN LATERAL (
      -- By primary key, not by hashing every procedure (OFFSET 0 as above).
      SELECT * FROM procedures p WHERE p.id = i.id AND p.status = 'completed' OFFSET 0
    ) pr
    JOIN patients pa ON pa.id = pr.patient_id
  ),
  -- Child rows are read per procedure (a window or OFFSET 0 keeps each lateral a subquery):
  -- hashing a whole child table would cost every flush as much as the table has grown.
  scores AS (
    SELECT s.day, s.type, s.physician_id, s.etiology, f.timepoint,
      count(f.pain_nrs)::int AS pain_n,
      coalesce(sum(f.pain_nrs), 0) AS pain_sum,
      coalesce(sum(f.pain_nrs * f.pain_nrs), 0) AS pain_sumsq,
      count(f.odi)::int AS odi_n,
      coalesce(sum(f.odi), 0) AS odi_sum,
      coalesce(sum(f.odi * f.odi), 0) AS odi_sumsq,
      count(f.baseline)::int AS paired_n,
      -- The responder rule of lib/outcomes/rules.ts: a drop of ≥ 2 points and ≥ 30 % of baseline.
      count(*) FILTER (
        WHERE f.baseline - f.pain_nrs >= 2 AND (f.baseline - f.pain_nrs) * 10 >= 3 * f.baseline
      )::int AS responders,
      coalesce(sum(f.baseline - f.pain_nrs), 0) AS improvement_sum,
      coalesce(sum((f.baseline - f.pain_nrs) * (f.baseline - f.pain_nrs)), 0) AS improvement_sumsq
    FROM scope s
    CROSS JOIN LATERAL (
      -- Each assessment, with the same procedure's baseline pain when both have a pain score.
      SELECT a.timepoint, a.pain_nrs, a.odi,
        CASE WHEN a.pain_nrs IS NOT NULL THEN max(a.pain_nrs) FILTER (
          WHERE a.timepoint = 'baseline'
        ) OVER () END AS baseline
      FROM follow_ups a
      WHERE a.procedure_id = s.id AND a.assessed_on IS NOT NULL
        AND (a.pain_nrs IS NOT NULL OR a.odi IS NOT NULL)
    ) f
    GROUP BY s.day, s.type, s.physician_id, s.etiology, f.timepoint
  ),
  mix AS (
    SELECT day, type, physician_id, etiology, disposition, overnight_reason, count(*)::int AS n
    FROM scope
    GROUP BY day, type, physician_id, etiology, disposition, overnight_reason
  ),
  bins AS (
    SELECT s.day, s.type, s.physician_id, s.etiology,
      floor(c.tenths / 20.0)::int * 2 AS bin_deg,
      count(*)::int AS n,
      sum(c.tenths)::bigint AS correction_tenths_sum,
      sum(c.tenths::bigint * c.tenths)::bigint AS correction_tenths_sumsq
    FROM scope s
    CROSS JOIN LATERAL (
      SELECT ((tl.kyphotic_angle_before_deg - tl.kyphotic_angle_after_deg) * 10)::int AS tenths
      FROM treated_levels tl
      WHERE tl.procedure_id = s.id
        AND tl.kyphotic_angle_before_deg IS NOT NULL AND tl.kyphotic_angle_after_deg IS NOT NULL
      OFFSET 0
    ) c
    GROUP BY s.day, s.type, s.physician_id, s.etiology, floor(c.tenths / 20.0)::int * 2
  ),
  events AS (
    SELECT s.day, s.type, s.physician_id, s.etiology, ae.category, count(*)::int AS events,
      count(DISTINCT s.id)::int AS procedures,
      count(*) FILTER (WHERE ae.symptomatic)::int AS symptomatic
    FROM scope s
    CROSS JOIN LATERAL (
      SELECT e.category, e.symptomatic FROM adverse_events e WHERE e.procedure_id = s.id OFFSET 0
    ) ae
    GROUP BY s.day, s.type, s.physician_id, s.etiology, ae.category
  ),
  scores_added AS (
    INSERT INTO outcome_scores AS t (day, type, physician_id, etiology, timepoint, pain_n,
      pain_sum, pain_sumsq, odi_n, odi_sum, odi_sumsq, paired_n, responders, improvement_sum,
      improvement_sumsq)
    SELECT day, type, physician_id, etiology, timepoint, pain_n, pain_sum, pain_sumsq, odi_n,
      odi_sum, odi_sumsq, paired_n, responders, improvement_sum, improvement_sumsq
    FROM scores
    ON CONFLICT (day, type, physician_id, etiology, timepoint) DO UPDATE SET
      pain_n = t.pain_n + excluded.pain_n, pain_sum = t.pain_sum + excluded.pain_sum,
      pain_sumsq = t.pain_sumsq + excluded.pain_sumsq, odi_n = t.odi_n + excluded.odi_n,
      odi_sum = t.odi_sum + excluded.odi_sum, odi_sumsq = t.odi_sumsq + excluded.odi_sumsq,
      paired_n = t.paired_n + excluded.paired_n, responders = t.responders + excluded.responders,
      improvement_sum = t.improvement_sum + excluded.improvement_sum,
      improvement_sumsq = t.improvement_sumsq + excluded.improvement_sumsq
  ),
  mix_added AS (
    INSERT INTO outcome_procedure_counts AS t (day, type, physician_id, etiology, disposition,
      overnight_reason, n)
    SELECT day, type, physician_id, etiology, disposition, overnight_reason, n FROM mix
    ON CONFLICT (day, type, physician_id, etiology, disposition, overnight_reason)
      DO UPDATE SET n = t.n + excluded.n
  ),
  bins_added AS (
    INSERT INTO outcome_kyphosis_bins AS t (day, type, physician_id, etiology, bin_deg, n,
      correction_tenths_sum, correction_tenths_sumsq)
    SELECT day, type, physician_id, etiology, bin_deg, n, correction_tenths_sum,
      correction_tenths_sumsq
    FROM bins
    ON CONFLICT (day, type, physician_id, etiology, bin_deg) DO UPDATE SET
      n = t.n + excluded.n,
      correction_tenths_sum = t.correction_tenths_sum + excluded.correction_tenths_sum,
      correction_tenths_sumsq = t.correction_tenths_sumsq + excluded.correction_tenths_sumsq
  )
  -- A procedure has one key, so distinct procedures add up across procedure sets too.
  INSERT INTO outcome_adverse_event_counts AS t (day, type, physician_id, etiology, category,
    events, procedures, symptomatic)
  SELECT day, type, physician_id, etiology, category, events, procedures, symptomatic FROM events
  ON CONFLICT (day, type, physician_id, etiology, category) DO UPDATE SET
    events = t.events + excluded.events, procedures = t.procedures + excluded.procedures,
    symptomatic = t.symptomatic + excluded.symptomatic;
END;
$$;
--> statement-breakpoint
-- Recomputes the keys from the base rows: their rows go, then every procedure under them is
-- added back.
CREATE FUNCTION outcome_rollup_replace(
  in_zone text,
  key_days date[],
  key_types procedure_type[],
  key_physicians uuid[],
  key_etiologies etiology[]
) RETURNS void
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  WITH keys AS (
    SELECT * FROM unnest(key_days, key_types, key_physicians, key_etiologies)
      AS k(day, type, physician_id, etiology)
  ),
  scores_gone AS (
    DELETE FROM outcome_scores t USING keys k
    WHERE t.day = k.day AND t.type = k.type AND t.physician_id = k.physician_id
      AND t.etiology = k.etiology
  ),
  mix_gone AS (
    DELETE FROM outcome_procedure_counts t USING keys k
    WHERE t.day = k.day AND t.type = k.type AND t.physician_id = k.physician_id
      AND t.etiology = k.etiology
  ),
  bins_gone AS (
    DELETE FROM outcome_kyphosis_bins t USING keys k
    WHERE t.day = k.day AND t.type = k.type AND t.physician_id = k.physician_id
      AND t.etiology = k.etiology
  )
  DELETE FROM outcome_adverse_event_counts t USING keys k
  WHERE t.day = k.day AND t.type = k.type AND t.physician_id = k.physician_id
    AND t.etiology = k.etiology;
  PERFORM outcome_rollup_add(in_zone, false, key_days, key_types, key_physicians,
    key_etiologies, NULL);
END;
$$;
--> statement-breakpoint
-- Recomputes everything in the given zone and records it (the migration's backfill, a time zone
-- change, a TRUNCATE of a base table).
CREATE FUNCTION outcome_rollup_rebuild(in_zone text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- The lock of outcome_rollup_flush; the same literal in db/outcome-rollup.ts.
  PERFORM pg_advisory_xact_lock(73112027);
  -- An unknown zone fails here, before anything is emptied.
  PERFORM now() AT TIME ZONE in_zone;
  -- What bulk loads left is in the base rows this reads: applied later, it would count twice.
  DELETE FROM outcome_rollup_queue WHERE deferred;
  DELETE FROM outcome_patient_count_queue WHERE deferred;
  TRUNCATE outcome_scores, outcome_procedure_counts, outcome_kyphosis_bins,
    outcome_adverse_event_counts, outcome_patient_counts;
  PERFORM outcome_rollup_add(in_zone, true, NULL, NULL, NULL, NULL, NULL);
  INSERT INTO outcome_patient_counts (referral_date, assigned_physician_id, etiology,
    planned_procedure, status, n)
  SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, count(*)::int
  FROM patients
  GROUP BY referral_date, assigned_physician_id, etiology, planned_procedure, status;
  INSERT INTO outcome_rollup_state (id, time_zone, built_at) VALUES (true, in_zone, now())
  ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, built_at = excluded.built_at;
END;
$$;
--> statement-breakpoint
-- Applies this transaction's queue and the rows bulk loads left, under the lock (held by the
-- caller).
CREATE FUNCTION outcome_rollup_apply() RETURNS void
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
    WHERE c.id NOT IN (SELECT id FROM created)
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
      WHERE c.id IN (SELECT id FROM created)
        AND (c.day, c.type, c.physician_id, c.etiology) NOT IN (
          SELECT day, type, physician_id, etiology FROM keys
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
--> statement-breakpoint
-- The deferred trigger: applies the queue at commit, or under augment.outcome_rollup_defer
-- leaves it to the next flush or read (it still takes the lock, so it never commits while a
-- flush is running and that flush sees its rows either whole or not at all).
CREATE FUNCTION outcome_rollup_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A snapshot taken before the lock could miss another flush's commit: refuse rather than drift.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'outcome rollup: changes to outcome data must run under READ COMMITTED';
  END IF;
  -- A statement after this flush (SET CONSTRAINTS ... IMMEDIATE) queues another one.
  PERFORM set_config('augment.outcome_rollup_flush', '', true);
  PERFORM pg_advisory_xact_lock(73112027);
  IF coalesce(current_setting('augment.outcome_rollup_defer', true), '') = 'on' THEN
    UPDATE outcome_rollup_queue SET deferred = true WHERE txid = txid_current() AND NOT deferred;
    UPDATE outcome_patient_count_queue SET deferred = true
    WHERE txid = txid_current() AND NOT deferred;
  ELSE
    PERFORM outcome_rollup_apply();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Applies what bulk loads left; readers call it first (a no-op when nothing waits).
CREATE FUNCTION outcome_rollup_catch_up() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM outcome_rollup_queue WHERE deferred)
    AND NOT EXISTS (SELECT FROM outcome_patient_count_queue WHERE deferred) THEN
    RETURN;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'outcome rollup: catching up must run under READ COMMITTED';
  END IF;
  PERFORM pg_advisory_xact_lock(73112027);
  PERFORM outcome_rollup_apply();
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER outcome_rollup_flush_at_commit
  AFTER INSERT ON outcome_rollup_queue
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.flush) EXECUTE FUNCTION outcome_rollup_flush();
--> statement-breakpoint
-- Queues the commit-time flush once per transaction (a savepoint rolled back undoes both).
CREATE FUNCTION outcome_rollup_request_flush() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('augment.outcome_rollup_flush', true) IS DISTINCT FROM 'queued' THEN
    PERFORM set_config('augment.outcome_rollup_flush', 'queued', true);
    INSERT INTO outcome_rollup_queue (flush) VALUES (true);
  END IF;
END;
$$;
--> statement-breakpoint
-- Only an assessment with a pain or ODI score counts; an update queues its procedure only when
-- what counts differs (EXCEPT ALL: the rows before and after as multisets).
CREATE FUNCTION outcome_rollup_follow_ups_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM new_rows
    WHERE assessed_on IS NOT NULL AND (pain_nrs IS NOT NULL OR odi IS NOT NULL);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM old_rows
    WHERE assessed_on IS NOT NULL AND (pain_nrs IS NOT NULL OR odi IS NOT NULL);
  ELSE
    WITH before_rows AS (
      SELECT procedure_id, timepoint, pain_nrs, odi FROM old_rows
      WHERE assessed_on IS NOT NULL AND (pain_nrs IS NOT NULL OR odi IS NOT NULL)
    ),
    after_rows AS (
      SELECT procedure_id, timepoint, pain_nrs, odi FROM new_rows
      WHERE assessed_on IS NOT NULL AND (pain_nrs IS NOT NULL OR odi IS NOT NULL)
    )
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM (
      (SELECT * FROM before_rows EXCEPT ALL SELECT * FROM after_rows)
      UNION ALL
      (SELECT * FROM after_rows EXCEPT ALL SELECT * FROM before_rows)
    ) changed;
  END IF;
  IF FOUND THEN
    PERFORM outcome_rollup_request_flush();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Only a level with both angles counts.
CREATE FUNCTION outcome_rollup_treated_levels_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM new_rows
    WHERE kyphotic_angle_before_deg IS NOT NULL AND kyphotic_angle_after_deg IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM old_rows
    WHERE kyphotic_angle_before_deg IS NOT NULL AND kyphotic_angle_after_deg IS NOT NULL;
  ELSE
    WITH before_rows AS (
      SELECT procedure_id, kyphotic_angle_before_deg, kyphotic_angle_after_deg FROM old_rows
      WHERE kyphotic_angle_before_deg IS NOT NULL AND kyphotic_angle_after_deg IS NOT NULL
    ),
    after_rows AS (
      SELECT procedure_id, kyphotic_angle_before_deg, kyphotic_angle_after_deg FROM new_rows
      WHERE kyphotic_angle_before_deg IS NOT NULL AND kyphotic_angle_after_deg IS NOT NULL
    )
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM (
      (SELECT * FROM before_rows EXCEPT ALL SELECT * FROM after_rows)
      UNION ALL
      (SELECT * FROM after_rows EXCEPT ALL SELECT * FROM before_rows)
    ) changed;
  END IF;
  IF FOUND THEN
    PERFORM outcome_rollup_request_flush();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Any event of a counted procedure counts (the flush ignores procedures that are not completed).
CREATE FUNCTION outcome_rollup_adverse_events_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_rollup_queue (procedure_id) SELECT DISTINCT procedure_id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO outcome_rollup_queue (procedure_id) SELECT DISTINCT procedure_id FROM old_rows;
  ELSE
    WITH before_rows AS (SELECT procedure_id, category, symptomatic FROM old_rows),
    after_rows AS (SELECT procedure_id, category, symptomatic FROM new_rows)
    INSERT INTO outcome_rollup_queue (procedure_id)
    SELECT DISTINCT procedure_id FROM (
      (SELECT * FROM before_rows EXCEPT ALL SELECT * FROM after_rows)
      UNION ALL
      (SELECT * FROM after_rows EXCEPT ALL SELECT * FROM before_rows)
    ) changed;
  END IF;
  IF FOUND THEN
    PERFORM outcome_rollup_request_flush();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Only a completed procedure counts. A changed or deleted one queues the key it leaves; a new or
-- changed one queues its id (its key is read at the flush), a new one marked as created.
CREATE FUNCTION outcome_rollup_procedures_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_rollup_queue (procedure_id, created)
    SELECT id, true FROM new_rows WHERE status = 'completed';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO outcome_rollup_queue (performed_at, type, physician_id)
    SELECT DISTINCT performed_at, type, physician_id FROM old_rows WHERE status = 'completed';
  ELSE
    WITH before_rows AS (
      SELECT id, patient_id, performed_at, type, physician_id, disposition, overnight_reason
      FROM old_rows WHERE status = 'completed'
    ),
    after_rows AS (
      SELECT id, patient_id, performed_at, type, physician_id, disposition, overnight_reason
      FROM new_rows WHERE status = 'completed'
    )
    INSERT INTO outcome_rollup_queue (procedure_id, performed_at, type, physician_id)
    SELECT DISTINCT NULL::uuid, performed_at, type, physician_id
    FROM (SELECT * FROM before_rows EXCEPT ALL SELECT * FROM after_rows) left_key
    UNION ALL
    SELECT id, NULL, NULL, NULL
    FROM (SELECT * FROM after_rows EXCEPT ALL SELECT * FROM before_rows) entered;
  END IF;
  IF FOUND THEN
    PERFORM outcome_rollup_request_flush();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Patient counts by their registry key; an etiology change also moves the patient's procedures.
CREATE FUNCTION outcome_rollup_patients_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  queued boolean := false;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_patient_count_queue (referral_date, assigned_physician_id, etiology,
      planned_procedure, status, delta)
    SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, count(*)
    FROM new_rows
    GROUP BY referral_date, assigned_physician_id, etiology, planned_procedure, status;
    queued := FOUND;
  ELSIF TG_OP = 'DELETE' THEN
    -- Their procedures go by the cascade, which queues their keys.
    INSERT INTO outcome_patient_count_queue (referral_date, assigned_physician_id, etiology,
      planned_procedure, status, delta)
    SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, -count(*)
    FROM old_rows
    GROUP BY referral_date, assigned_physician_id, etiology, planned_procedure, status;
    queued := FOUND;
  ELSE
    INSERT INTO outcome_patient_count_queue (referral_date, assigned_physician_id, etiology,
      planned_procedure, status, delta)
    SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, sum(delta)
    FROM (
      SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, -1 AS delta
      FROM old_rows
      UNION ALL
      SELECT referral_date, assigned_physician_id, etiology, planned_procedure, status, 1
      FROM new_rows
    ) moves
    GROUP BY referral_date, assigned_physician_id, etiology, planned_procedure, status
    HAVING sum(delta) <> 0;
    queued := FOUND;
    INSERT INTO outcome_rollup_queue (patient_id)
    SELECT id FROM (SELECT id, etiology FROM old_rows EXCEPT SELECT id, etiology FROM new_rows) moved;
    queued := queued OR FOUND;
  END IF;
  IF queued THEN
    PERFORM outcome_rollup_request_flush();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION outcome_rollup_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outcome_rollup_queue (rebuild) VALUES (true);
  PERFORM outcome_rollup_request_flush();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Transition tables allow one event per trigger: three triggers per table share a function.
CREATE TRIGGER outcome_rollup_follow_ups_insert AFTER INSERT ON follow_ups
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_follow_ups_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_follow_ups_update AFTER UPDATE ON follow_ups
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_follow_ups_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_follow_ups_delete AFTER DELETE ON follow_ups
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_follow_ups_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_treated_levels_insert AFTER INSERT ON treated_levels
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_treated_levels_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_treated_levels_update AFTER UPDATE ON treated_levels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_treated_levels_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_treated_levels_delete AFTER DELETE ON treated_levels
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_treated_levels_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_adverse_events_insert AFTER INSERT ON adverse_events
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_adverse_events_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_adverse_events_update AFTER UPDATE ON adverse_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_adverse_events_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_adverse_events_delete AFTER DELETE ON adverse_events
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_adverse_events_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_procedures_insert AFTER INSERT ON procedures
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_procedures_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_procedures_update AFTER UPDATE ON procedures
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_procedures_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_procedures_delete AFTER DELETE ON procedures
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_procedures_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_patients_insert AFTER INSERT ON patients
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_patients_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_patients_update AFTER UPDATE ON patients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_patients_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_patients_delete AFTER DELETE ON patients
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_patients_changed();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_follow_ups_truncate AFTER TRUNCATE ON follow_ups
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_truncated();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_treated_levels_truncate AFTER TRUNCATE ON treated_levels
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_truncated();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_adverse_events_truncate AFTER TRUNCATE ON adverse_events
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_truncated();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_procedures_truncate AFTER TRUNCATE ON procedures
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_truncated();
--> statement-breakpoint
CREATE TRIGGER outcome_rollup_patients_truncate AFTER TRUNCATE ON patients
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_truncated();
--> statement-breakpoint
-- The backfill, in the session's zone (db/client.ts sets the app's; it rebuilds if they differ).
SELECT outcome_rollup_rebuild(current_setting('TimeZone'));
