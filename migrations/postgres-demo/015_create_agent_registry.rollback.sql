-- Undoes 015: the procedure first (nothing depends on it), then the tables, dependents first.
DROP PROCEDURE finish_agent_assignment(uuid, boolean, integer, integer, text);
DROP TABLE agent_performance;
DROP TABLE agent_assignments;
DROP TABLE agent_capabilities;
DROP TABLE agent_registry;
