-- One index row per raw chunk file: the open chunk's row is brought up to date at every commit.
CREATE UNIQUE INDEX raw_chunks_by_file ON raw_chunks (recording_id, file_name);
