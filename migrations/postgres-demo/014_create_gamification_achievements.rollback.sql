-- Undoes 014. The functions go after the tables: the trigger on user_achievements uses
-- apply_achievement_stats(), and DROP FUNCTION without CASCADE refuses while it does.
DROP TABLE user_stats;
DROP TABLE user_achievements;
DROP TABLE achievements;
DROP FUNCTION workspace_leaderboard(integer);
DROP FUNCTION unlock_achievement(uuid, uuid, text, jsonb);
DROP FUNCTION apply_achievement_stats();
DROP FUNCTION level_for_points(integer);
