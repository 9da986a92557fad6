-- The audit log becomes a hash chain: every row stores its place in the chain (chain_seq, 1, 2,
-- 3, … without gaps) and chain_hash = sha-256 of the previous row's chain_hash and the row's own
-- canonical text (audit_log_canonical below; lib/audit-log/chain.ts recomputes it independently).
-- A BEFORE INSERT trigger fills both, for every path that inserts (the app, COPY, psql), after
-- locking the one-row chain head: concurrent writers take turns, so the chain never forks.
-- A row changed or removed behind the append-only triggers' back no longer matches its hash.
ALTER TABLE audit_log ADD COLUMN chain_seq bigint;
--> statement-breakpoint
ALTER TABLE audit_log ADD COLUMN chain_hash text;
--> statement-breakpoint
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_seq bigint NOT NULL,
  chain_hash text NOT NULL
);
--> statement-breakpoint
-- How far the chain was last found intact, so the audit page checks only the rows after it.
CREATE TABLE audit_chain_verified (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_seq bigint NOT NULL,
  chain_hash text NOT NULL,
  verified_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Each field as "<bytes>:<text>;" (or "-;" for null), so no value can pass for two fields.
-- Timestamps in UTC with microseconds, whatever the session's time zone.
CREATE FUNCTION audit_log_canonical(entry audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT 'augment-audit-v1;' || string_agg(
      CASE WHEN field IS NULL THEN '-;' ELSE octet_length(field)::text || ':' || field || ';' END,
      '' ORDER BY position)
    FROM unnest(ARRAY[
      entry.chain_seq::text,
      entry.id::text,
      to_char(entry.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      entry.actor_id::text,
      entry.actor_email,
      entry.action,
      entry.entity_type,
      entry.entity_id,
      entry.ip_address,
      entry.details::text
    ]) WITH ORDINALITY AS fields(field, position)
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_chain_hash(previous_hash text, entry audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(previous_hash || audit_log_canonical(entry), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- SECURITY DEFINER: the app's role appends through it but has no right on the chain head.
CREATE FUNCTION audit_log_append_to_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_head WHERE singleton FOR UPDATE;
  NEW.chain_seq := head.chain_seq + 1;
  NEW.chain_hash := audit_log_chain_hash(head.chain_hash, NEW);
  UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, chain_hash = NEW.chain_hash
    WHERE singleton;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- The rows already logged join the chain in id order, from the genesis hash (64 zeros).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  entry audit_log;
  seq bigint := 0;
  previous text := repeat('0', 64);
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
    seq := seq + 1;
    entry.chain_seq := seq;
    previous := audit_log_chain_hash(previous, entry);
    UPDATE audit_log SET chain_seq = seq, chain_hash = previous WHERE id = entry.id;
  END LOOP;
  INSERT INTO audit_chain_head (chain_seq, chain_hash) VALUES (seq, previous);
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE UNIQUE INDEX audit_log_chain_seq_idx ON audit_log USING btree (chain_seq);
--> statement-breakpoint
CREATE TRIGGER audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_to_chain();
--> statement-breakpoint
-- Production roles (README "Security model"): augment_owner owns the schema and runs the
-- migrations; augment_app is what the running app connects as (through a LOGIN member): it may
-- read and append to the audit log, never change, remove or truncate it, nor touch its
-- triggers (only an owner may). Roles are cluster-wide: another database may have made them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'augment_owner') THEN
    BEGIN
      CREATE ROLE augment_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'augment_app') THEN
    BEGIN
      CREATE ROLE augment_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END;
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO augment_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO augment_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO augment_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO augment_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO augment_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM augment_app;
--> statement-breakpoint
REVOKE ALL ON audit_chain_head FROM augment_app;
--> statement-breakpoint
-- Tables later migrations create as augment_owner are the app's to use too (where the role
-- running this may speak for augment_owner: a superuser, or a member).
DO $$
BEGIN
  IF pg_has_role(current_user, 'augment_owner', 'USAGE') THEN
    ALTER DEFAULT PRIVILEGES FOR ROLE augment_owner IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO augment_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE augment_owner IN SCHEMA public
      GRANT USAGE, SELECT ON SEQUENCES TO augment_app;
  END IF;
END;
$$;
