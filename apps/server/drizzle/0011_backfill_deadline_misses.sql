-- Rebuilds from the history (issue_events, as 0005's code wrote it) what the ledger records from now on: the
-- department whose answer each rating rated, every deadline missed with the department that held the issue then,
-- and the sticky deadline_missed_at. At a moment of an issue's history:
--   the deadline in force is the latest set before it by a routing (routed / rerouted: dueOn), a reopen after a
--   不满意 (reopened: dueOn), an approved extension (extension_approved: requestedDueOn) or a meeting decision
--   (meeting_decision: newDueOn);
--   the lead department is the latest set before it by a routing (leadDepartmentId) or a meeting decision
--   (responsibleDepartmentId), else the issue's own.
-- Days are Beijing dates.
UPDATE "issue_ratings" r SET "lead_department_id" = coalesce(
  (SELECT coalesce(x."data"->>'leadDepartmentId', x."data"->>'responsibleDepartmentId')::uuid
   FROM "issue_events" x
   WHERE x."issue_id" = r."issue_id" AND x."created_at" < r."rated_at"
     AND ((x."action" IN ('routed', 'rerouted') AND x."data"->>'leadDepartmentId' IS NOT NULL)
       OR (x."action" = 'meeting_decision' AND x."data"->>'responsibleDepartmentId' IS NOT NULL))
   ORDER BY x."created_at" DESC LIMIT 1),
  (SELECT i."lead_department_id" FROM "issues" i WHERE i."id" = r."issue_id"))
WHERE r."lead_department_id" IS NULL;
--> statement-breakpoint
WITH "ev" AS (
  -- Each entry of the history with the deadline in force and the lead department just before it.
  SELECT e."issue_id", e."action", e."from_status", e."data", e."created_at", d."due_on" AS "due_in_force",
    coalesce(l."department_id", i."lead_department_id") AS "department_id"
  FROM "issue_events" e
  JOIN "issues" i ON i."id" = e."issue_id"
  LEFT JOIN LATERAL (
    SELECT (CASE x."action"
        WHEN 'extension_approved' THEN x."data"->>'requestedDueOn'
        WHEN 'meeting_decision' THEN x."data"->>'newDueOn'
        ELSE x."data"->>'dueOn' END)::date AS "due_on"
    FROM "issue_events" x
    WHERE x."issue_id" = e."issue_id" AND x."created_at" < e."created_at"
      AND ((x."action" IN ('routed', 'rerouted', 'reopened') AND x."data"->>'dueOn' IS NOT NULL)
        OR (x."action" = 'extension_approved' AND x."data"->>'requestedDueOn' IS NOT NULL)
        OR (x."action" = 'meeting_decision' AND x."data"->>'newDueOn' IS NOT NULL))
    ORDER BY x."created_at" DESC LIMIT 1
  ) d ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(x."data"->>'leadDepartmentId', x."data"->>'responsibleDepartmentId')::uuid AS "department_id"
    FROM "issue_events" x
    WHERE x."issue_id" = e."issue_id" AND x."created_at" < e."created_at"
      AND ((x."action" IN ('routed', 'rerouted') AND x."data"->>'leadDepartmentId' IS NOT NULL)
        OR (x."action" = 'meeting_decision' AND x."data"->>'responsibleDepartmentId' IS NOT NULL))
    ORDER BY x."created_at" DESC LIMIT 1
  ) l ON true
)
INSERT INTO "issue_deadline_misses" ("issue_id", "due_on", "department_id", "missed_at")
SELECT DISTINCT ON (m."issue_id", m."due_on") m."issue_id", m."due_on", m."department_id", m."missed_at"
FROM (
  -- Something happened to the issue while a department still held it after the deadline in force: the late
  -- answer, a bounce, a reroute, an extension or a meeting deadline granted too late, the overdue check.
  SELECT "issue_id", "due_in_force" AS "due_on", "department_id", "created_at" AS "missed_at", 1 AS "source"
  FROM "ev"
  WHERE "from_status" IN ('routed', 'in_progress')
    AND (("created_at" AT TIME ZONE 'UTC') + interval '8 hours')::date > "due_in_force"
  UNION ALL
  -- Each escalation of the overdue check names the deadline it was for.
  SELECT "issue_id", ("data"->>'dueOn')::date, "department_id", "created_at", 2
  FROM "ev"
  WHERE "action" = 'auto_escalated'
  UNION ALL
  -- Issues without that history (rows written outside the workflow): escalated automatically, or answered after
  -- the deadline they have.
  SELECT i."id", coalesce(i."auto_escalated_due_on", i."due_on"), i."lead_department_id", i."auto_escalated_at", 3
  FROM "issues" i
  WHERE i."auto_escalated_at" IS NOT NULL AND coalesce(i."auto_escalated_due_on", i."due_on") IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "issue_events" x WHERE x."issue_id" = i."id" AND x."action" = 'auto_escalated')
  UNION ALL
  SELECT i."id", i."due_on", i."lead_department_id", i."answered_at", 4
  FROM "issues" i
  WHERE i."answered_at" IS NOT NULL AND i."due_on" IS NOT NULL
    AND ((i."answered_at" AT TIME ZONE 'UTC') + interval '8 hours')::date > i."due_on"
    AND NOT EXISTS (SELECT 1 FROM "issue_events" x WHERE x."issue_id" = i."id"
      AND x."action" IN ('routed', 'rerouted', 'reopened', 'extension_approved', 'meeting_decision'))
  UNION ALL
  -- Still held by a department past its deadline now.
  SELECT i."id", i."due_on", i."lead_department_id", now(), 5
  FROM "issues" i
  WHERE i."status" IN ('routed', 'in_progress')
    AND i."due_on" < ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date
) m
WHERE m."due_on" IS NOT NULL
ORDER BY m."issue_id", m."due_on", m."missed_at", m."source"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Sticky: the first deadline the issue missed.
UPDATE "issues" i SET "deadline_missed_at" = m."first_missed_at"
FROM (SELECT "issue_id", min("missed_at") AS "first_missed_at" FROM "issue_deadline_misses" GROUP BY "issue_id") m
WHERE m."issue_id" = i."id";
