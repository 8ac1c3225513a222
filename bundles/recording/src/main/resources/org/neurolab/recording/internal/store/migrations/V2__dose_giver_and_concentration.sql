-- Who gave a dose and the concentration it left in the culture's medium (µM); both unknown (NULL) for doses
-- stored before this version. Doses are asked for by culture and time.
ALTER TABLE doses ADD COLUMN given_by VARCHAR(200);
ALTER TABLE doses ADD COLUMN resulting_micromolar DOUBLE PRECISION;
CREATE INDEX doses_by_organoid ON doses (organoid_id, time_micros);
