-- Undoes 013: the campaigns carried over from moves.campaign_name are dropped with their tables
-- (moves keep their label, so nothing the application wrote before 013 is lost). Indexes,
-- triggers, policies and grants go with their tables.
DROP TABLE campaign_cohorts;
DROP TABLE campaign_moves;
DROP TABLE campaigns;
DROP TABLE message_architecture;
DROP TABLE positioning;
