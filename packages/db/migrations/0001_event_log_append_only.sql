-- The event log is append-only: rows are never changed or removed.
CREATE FUNCTION event_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON event_log
  FOR EACH ROW EXECUTE FUNCTION event_log_forbid_change();
--> statement-breakpoint
CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON event_log
  FOR EACH STATEMENT EXECUTE FUNCTION event_log_forbid_change();
--> statement-breakpoint
-- SSR starts in ordinary mode.
INSERT INTO mode_state (id, mode, version, since) VALUES (1, 'ordinary', 0, now()) ON CONFLICT DO NOTHING;
