-- The platform as it stood before the Feedback release: users and weekly progress reports.
-- Seeded deterministically so the demo looks like the production run it is modelled on:
-- 140 students, 560 reports over three weeks, 496 of them stored with the midnight-UTC bug.
CREATE TABLE User (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('STUDENT', 'INSTRUCTOR', 'ADMIN')),
  createdAt TEXT NOT NULL
);

CREATE TABLE ProgressReport (
  id TEXT PRIMARY KEY,
  userId TEXT NOT NULL REFERENCES User(id),
  weekStart TEXT NOT NULL,
  subject TEXT NOT NULL,
  submittedAt TEXT NOT NULL
);

INSERT INTO User (id, name, role, createdAt)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 140)
SELECT printf('stu-%03d', i), printf('Student %03d', i), 'STUDENT', '2025-07-28T12:00:00.000Z' FROM n;

INSERT INTO User (id, name, role, createdAt) VALUES ('ins-001', 'Instructor One', 'INSTRUCTOR', '2025-07-01T12:00:00.000Z');

-- Weeks of 176, 176 and 208 reports; the first 496 carry T00:00:00.000Z, the last 64 are right.
INSERT INTO ProgressReport (id, userId, weekStart, subject, submittedAt)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 559)
SELECT printf('rep-%04d', i),
       printf('stu-%03d', (i % 140) + 1),
       CASE WHEN i < 176 THEN '2025-08-04' WHEN i < 352 THEN '2025-08-11' ELSE '2025-08-18' END
         || CASE WHEN i < 496 THEN 'T00:00:00.000Z' ELSE 'T03:00:00.000Z' END,
       CASE i % 2 WHEN 0 THEN 'Physics' ELSE 'Chemistry' END,
       '2025-08-20T18:00:00.000Z'
FROM n;
