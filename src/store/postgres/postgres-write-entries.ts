// Migration 5: the entries of an object placed on many targets kept apart, a row each (see
// ../entries-apart.ts), and tmc_write_entries, the write function that keeps them. It does what
// tmc_write (postgres-write-function.ts) does, in the same order and under the same version
// lock, and besides: stores the object without its entries, writes only the entry rows the
// caller says changed since version p_base (each stamped with the version that wrote it), and
// answers the body only for a delete.
//
// p_base is the version whose entries the caller compared against; when the stored version is
// another (another replica wrote since), the function raises TM428 and the caller writes every
// entry (p_base null). A delete of an object with entries apart needs its last state whole for
// the change feed: the caller reads it and passes it as p_body with its version as p_base.
import { CHANGES_CHANNEL } from './postgres-locks.js';

export const ENTRIES_UNKNOWN = 'TM428';

export const CREATE_ENTRIES = `
ALTER TABLE objects ADD COLUMN entries integer;
ALTER TABLE changes ADD COLUMN entries integer;
CREATE TABLE object_entries (
  kind text COLLATE "C" NOT NULL,
  namespace text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  target text COLLATE "C" NOT NULL,
  resource_version bigint NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (kind, namespace, name, target)
);
CREATE FUNCTION tmc_write_entries(p_type text, p_kind text, p_namespace text, p_name text, p_body text,
                                  p_resource_version text, p_uid text, p_entries integer, p_base bigint,
                                  p_put_targets text[], p_put_bodies text[], p_remove text[])
RETURNS TABLE (resource_version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_version bigint;
  v_current objects%ROWTYPE;
  v_body text := p_body;
  v_entries integer := p_entries;
BEGIN
  UPDATE resource_version AS r SET value = r.value + 1 RETURNING r.value INTO v_version;
  SELECT * INTO v_current FROM objects AS o WHERE o.kind = p_kind AND o.namespace = p_namespace AND o.name = p_name;
  IF p_type = 'ADDED' THEN
    IF FOUND THEN
      RAISE EXCEPTION 'already exists' USING ERRCODE = 'TM409';
    END IF;
  ELSE
    IF NOT FOUND THEN
      RAISE EXCEPTION 'not found' USING ERRCODE = 'TM404';
    END IF;
    IF p_resource_version IS NOT NULL AND p_resource_version <> v_current.resource_version::text THEN
      RAISE EXCEPTION 'resourceVersion' USING ERRCODE = 'TM412';
    END IF;
    IF p_uid IS NOT NULL AND p_uid IS DISTINCT FROM (v_current.body::jsonb #>> '{metadata,uid}') THEN
      RAISE EXCEPTION 'uid' USING ERRCODE = 'TM412', DETAIL = coalesce(v_current.body::jsonb #>> '{metadata,uid}', '');
    END IF;
  END IF;
  IF p_type = 'DELETED' THEN
    v_entries := NULL;
    IF v_current.entries IS NULL THEN
      v_body := v_current.body;
    ELSIF p_body IS NULL OR p_base IS DISTINCT FROM v_current.resource_version THEN
      RAISE EXCEPTION 'entries' USING ERRCODE = '${ENTRIES_UNKNOWN}';
    END IF;
    DELETE FROM object_entries AS e WHERE e.kind = p_kind AND e.namespace = p_namespace AND e.name = p_name;
  ELSIF p_entries IS NULL OR p_base IS NULL THEN
    IF v_current.entries IS NOT NULL THEN
      DELETE FROM object_entries AS e WHERE e.kind = p_kind AND e.namespace = p_namespace AND e.name = p_name;
    END IF;
  ELSIF v_current.entries IS NULL OR p_base <> v_current.resource_version THEN
    RAISE EXCEPTION 'entries' USING ERRCODE = '${ENTRIES_UNKNOWN}';
  END IF;
  IF p_entries IS NOT NULL AND p_type <> 'DELETED' THEN
    DELETE FROM object_entries AS e
      WHERE e.kind = p_kind AND e.namespace = p_namespace AND e.name = p_name AND e.target = ANY (p_remove);
    INSERT INTO object_entries AS e (kind, namespace, name, target, resource_version, body)
      SELECT p_kind, p_namespace, p_name, u.target, v_version, u.body
        FROM unnest(p_put_targets, p_put_bodies) AS u(target, body)
      ON CONFLICT (kind, namespace, name, target)
      DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body;
  END IF;
  INSERT INTO changes (resource_version, type, kind, namespace, name, body, entries)
    VALUES (v_version, p_type, p_kind, p_namespace, p_name, v_body, v_entries);
  IF p_type = 'DELETED' THEN
    DELETE FROM objects AS o WHERE o.kind = p_kind AND o.namespace = p_namespace AND o.name = p_name;
  ELSE
    INSERT INTO objects AS o (kind, namespace, name, resource_version, body, entries)
      VALUES (p_kind, p_namespace, p_name, v_version, v_body, v_entries)
      ON CONFLICT (kind, namespace, name)
      DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body, entries = excluded.entries;
  END IF;
  PERFORM pg_notify('${CHANGES_CHANNEL}', v_version::text);
  -- Only a delete's body is news to the caller: an update's body it sent itself.
  RETURN QUERY SELECT v_version, CASE WHEN p_type = 'DELETED' THEN v_body END;
END
$fn$;
-- A replica not yet upgraded still calls tmc_write: its objects are whole, and the rows of one
-- that had its entries apart go, so no reader joins old rows over a whole object.
CREATE OR REPLACE FUNCTION tmc_write(p_type text, p_kind text, p_namespace text, p_name text, p_body text,
                                     p_resource_version text, p_uid text)
RETURNS TABLE (resource_version bigint, body text)
LANGUAGE sql VOLATILE AS $fn$
  SELECT * FROM tmc_write_entries(p_type, p_kind, p_namespace, p_name, p_body, p_resource_version, p_uid,
                                  NULL, NULL, NULL, NULL, NULL);
$fn$;`;
