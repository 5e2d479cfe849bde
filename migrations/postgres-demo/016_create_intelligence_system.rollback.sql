-- Undoes 016: the tables (with their triggers, indexes and policies), then the functions the
-- trigger and the application called.
DROP TABLE market_insights;
DROP TABLE intelligence_signals;
DROP FUNCTION check_insight_signals();
DROP FUNCTION active_signals(timestamptz);
DROP FUNCTION signal_score(numeric, timestamptz, timestamptz);
