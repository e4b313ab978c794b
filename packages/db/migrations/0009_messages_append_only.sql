-- Answers, status changes and CAP documents are the record: never changed or removed.
CREATE FUNCTION message_record_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER message_answers_append_only BEFORE UPDATE OR DELETE ON message_answers
  FOR EACH ROW EXECUTE FUNCTION message_record_forbid_change();
--> statement-breakpoint
CREATE TRIGGER message_transitions_append_only BEFORE UPDATE OR DELETE ON message_transitions
  FOR EACH ROW EXECUTE FUNCTION message_record_forbid_change();
--> statement-breakpoint
CREATE TRIGGER cap_alerts_append_only BEFORE UPDATE OR DELETE ON cap_alerts
  FOR EACH ROW EXECUTE FUNCTION message_record_forbid_change();
