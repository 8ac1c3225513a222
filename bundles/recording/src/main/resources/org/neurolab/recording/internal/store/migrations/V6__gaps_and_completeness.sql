-- Gaps: data of an array missing for good (simulation time shed by a rig that fell behind, a dropped connection, an
-- instrument's overrun), as each recorded array reported them; committed with the data around them.
CREATE TABLE recording_gaps (
  recording_id BIGINT NOT NULL,
  mea_id VARCHAR(100) NOT NULL,
  from_micros BIGINT NOT NULL,
  to_micros BIGINT NOT NULL,
  reason VARCHAR(1000) NOT NULL
);
CREATE INDEX recording_gaps_by_time ON recording_gaps (recording_id, from_micros);

-- Lab time up to which the recording holds everything its arrays delivered (the lowest of their watermarks at its
-- last commit); queries that end at "now" end here. NULL: nothing committed yet, or made before watermarks.
ALTER TABLE recordings ADD COLUMN complete_up_to_micros BIGINT;
