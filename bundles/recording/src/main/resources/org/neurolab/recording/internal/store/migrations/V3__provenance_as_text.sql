-- Driver versions list every device of the recorded rigs (id, model, firmware): long text, not VARCHAR(4000).
ALTER TABLE recordings ALTER COLUMN driver_versions SET DATA TYPE ${text};
