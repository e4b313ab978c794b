-- A published report version never changes: corrections are new versions.
CREATE FUNCTION reports_published_is_final() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'submitted' THEN
    RAISE EXCEPTION 'a published report version is never changed (report %)', OLD.id;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER reports_published_is_final
  BEFORE UPDATE OR DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_published_is_final();
--> statement-breakpoint
-- The vital societal sectors (samhällsviktig verksamhet), editable by admins afterwards.
INSERT INTO sectors (id, name, name_en, position) VALUES
  ('energi', 'Energiförsörjning', 'Energy supply', 1),
  ('elektroniska-kommunikationer', 'Elektroniska kommunikationer', 'Electronic communications', 2),
  ('vatten-avlopp', 'Dricksvatten och avlopp', 'Water and sewerage', 3),
  ('transporter', 'Transporter', 'Transport', 4),
  ('halsa-vard-omsorg', 'Hälso- och sjukvård samt omsorg', 'Health and social care', 5),
  ('livsmedel', 'Livsmedel', 'Food', 6),
  ('finansiella-tjanster', 'Finansiella tjänster', 'Financial services', 7),
  ('offentlig-forvaltning', 'Offentlig förvaltning', 'Public administration', 8),
  ('allman-ordning-sakerhet', 'Allmän ordning och säkerhet', 'Public order and safety', 9),
  ('raddningstjanst', 'Räddningstjänst', 'Rescue services', 10),
  ('handel-industri', 'Handel och industri', 'Trade and industry', 11),
  ('information-kommunikation', 'Information och kommunikation', 'Information and communication', 12),
  ('skydd-sakerhet', 'Skydd och säkerhet', 'Protection and security', 13),
  ('utbildning', 'Utbildning och omsorg om barn', 'Education and childcare', 14),
  ('socialforsakringar', 'Socialförsäkringar', 'Social insurance', 15)
ON CONFLICT (id) DO NOTHING;
