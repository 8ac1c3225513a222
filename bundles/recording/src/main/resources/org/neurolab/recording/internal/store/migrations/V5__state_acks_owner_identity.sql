-- What a recording is (RUNNING, STOPPED, or INTERRUPTED when the lab died during it), which lab ran it, when that lab
-- last saw it, and what it acknowledged (committed in the same transaction as the rows they count).
ALTER TABLE recordings ADD COLUMN state VARCHAR(20);
UPDATE recordings SET state = CASE WHEN stopped_micros IS NULL THEN 'RUNNING' ELSE 'STOPPED' END;
ALTER TABLE recordings ADD COLUMN lab_id VARCHAR(64);
ALTER TABLE recordings ADD COLUMN owner VARCHAR(200);
ALTER TABLE recordings ADD COLUMN last_seen_micros BIGINT;
ALTER TABLE recordings ADD COLUMN last_seen_epoch_millis BIGINT;
ALTER TABLE recordings ADD COLUMN interrupted_epoch_millis BIGINT;
ALTER TABLE recordings ADD COLUMN acked_spikes BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN acked_stimulations BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN acked_doses BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN acked_telemetry BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN acked_until_micros BIGINT;
-- the raw traces' folder under data/recording/raw (NULL: made before store ids, the folder is the recording's id)
ALTER TABLE recordings ADD COLUMN raw_folder VARCHAR(500);
-- H2 caches 32 identity values; a killed lab lost them and the next recording's id jumped by 32
ALTER TABLE recordings ALTER COLUMN id SET CACHE 1;

-- which electrodes a chunk file holds, in its channel order (NULL: every electrode of the array, 0..n-1)
ALTER TABLE raw_chunks ADD COLUMN electrodes VARCHAR(4000);

-- users a recording's owner shares it with (they may read it)
CREATE TABLE recording_shares (
  recording_id BIGINT NOT NULL,
  user_name VARCHAR(200) NOT NULL,
  shared_by VARCHAR(200) NOT NULL,
  shared_epoch_millis BIGINT NOT NULL,
  PRIMARY KEY (recording_id, user_name)
);

-- one row: this store's identity, also written into every raw folder it owns
CREATE TABLE store_identity (
  store_id VARCHAR(64) PRIMARY KEY,
  created_epoch_millis BIGINT NOT NULL
);
