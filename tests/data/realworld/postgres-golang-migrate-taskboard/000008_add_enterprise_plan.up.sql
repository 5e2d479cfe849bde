ALTER TYPE plan_tier ADD VALUE IF NOT EXISTS 'enterprise' AFTER 'business';
