-- PostgreSQL cannot drop a value from an enum: rebuild the type without it.
UPDATE accounts SET plan = 'business' WHERE plan = 'enterprise';

ALTER TYPE plan_tier RENAME TO plan_tier_old;
CREATE TYPE plan_tier AS ENUM ('free', 'pro', 'business');

ALTER TABLE accounts ALTER COLUMN plan DROP DEFAULT;
ALTER TABLE accounts ALTER COLUMN plan TYPE plan_tier USING plan::text::plan_tier;
ALTER TABLE accounts ALTER COLUMN plan SET DEFAULT 'free';

DROP TYPE plan_tier_old;
