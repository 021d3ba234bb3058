// The whole of an object write as one server-side function, so a write is one round trip and
// the store-wide version lock is held only while PostgreSQL runs it, never across a network
// round trip or a busy event loop of some replica. Part of migration 3: a later change must
// come as a new migration (CREATE OR REPLACE FUNCTION), never as an edit of this one.
//
// Order matters: taking the next version locks the counter row until commit, so writers run
// one at a time and commit in version order; and because a VOLATILE function takes a fresh
// snapshot for each statement under READ COMMITTED, the object is read after the lock, as the
// previous writer left it. Errors carry SQLSTATEs of tmc's own, mapped back to StoreError codes.
import { CHANGES_CHANNEL } from './postgres-locks.js';
import { alreadyExists, notFound, otherUid, staleResourceVersion } from '../preconditions.js';
import type { ObjectKey, Preconditions } from '../types.js';

const WRITE_ERRORS = { TM404: 'NotFound', TM409: 'AlreadyExists', TM412: 'Conflict' } as const;

export const CREATE_WRITE_FUNCTION = `
CREATE FUNCTION tmc_write(p_type text, p_kind text, p_namespace text, p_name text, p_body text,
                          p_resource_version text, p_uid text)
RETURNS TABLE (resource_version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_version bigint;
  v_current objects%ROWTYPE;
  v_body text := p_body;
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
    IF p_type = 'DELETED' THEN
      v_body := v_current.body;
    END IF;
  END IF;
  INSERT INTO changes (resource_version, type, kind, namespace, name, body)
    VALUES (v_version, p_type, p_kind, p_namespace, p_name, v_body);
  IF p_type = 'DELETED' THEN
    DELETE FROM objects AS o WHERE o.kind = p_kind AND o.namespace = p_namespace AND o.name = p_name;
  ELSE
    INSERT INTO objects AS o (kind, namespace, name, resource_version, body)
      VALUES (p_kind, p_namespace, p_name, v_version, v_body)
      ON CONFLICT (kind, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body;
  END IF;
  -- Transactional: listeners hear of the change when, and only if, it commits.
  PERFORM pg_notify('${CHANGES_CHANNEL}', v_version::text);
  RETURN QUERY SELECT v_version, v_body;
END
$fn$;`;

/** The SQLSTATEs tmc_write raises, as the StoreErrors the other stores throw. */
export function storeErrorOf(error: unknown, key: ObjectKey, preconditions: Preconditions): unknown {
  const { code, detail } = error as { code?: string; detail?: string };
  switch (code && WRITE_ERRORS[code as keyof typeof WRITE_ERRORS]) {
    case 'NotFound':
      return notFound(key);
    case 'AlreadyExists':
      return alreadyExists(key);
    case 'Conflict':
      return detail === undefined ? staleResourceVersion() : otherUid(preconditions.uid ?? '', detail);
    default:
      return error;
  }
}
