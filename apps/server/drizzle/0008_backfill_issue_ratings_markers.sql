-- Backfill for 0007 (issue ratings kept, escalation once per deadline, bounce clears the routing). The missed
-- deadlines (deadline_missed_at) and the departments of the ratings are rebuilt from the history by 0011, after
-- the table and the column they fill.
-- Every rating given so far is in the history (rated / reopened events carry it in data.rating).
INSERT INTO "issue_ratings" ("issue_id", "rating", "comment", "by_phone", "rated_by", "rated_at")
SELECT e."issue_id", e."data"->>'rating', e."note", coalesce((e."data"->>'byPhone')::boolean, false), e."actor_user_id", e."created_at"
FROM "issue_events" e
WHERE e."action" IN ('rated', 'reopened') AND e."data"->>'rating' IN ('satisfied', 'basically_satisfied', 'dissatisfied');
--> statement-breakpoint
-- Issues rated without such an event (rows written outside the workflow): their one rating.
INSERT INTO "issue_ratings" ("issue_id", "rating", "rated_at")
SELECT i."id", i."rating", coalesce(i."rated_at", i."closed_at", i."updated_at")
FROM "issues" i
WHERE i."rating" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "issue_ratings" r WHERE r."issue_id" = i."id");
--> statement-breakpoint
-- The deadline each automatic escalation was for, from its history entry.
UPDATE "issues" i SET "auto_escalated_due_on" = coalesce(
  (SELECT (e."data"->>'dueOn')::date FROM "issue_events" e
   WHERE e."issue_id" = i."id" AND e."action" = 'auto_escalated' AND e."data"->>'dueOn' IS NOT NULL
   ORDER BY e."created_at" DESC LIMIT 1),
  i."due_on")
WHERE i."auto_escalated_at" IS NOT NULL;
--> statement-breakpoint
-- A bounced issue is no longer routed to any department (it left their queues).
DELETE FROM "issue_departments" d USING "issues" i WHERE i."id" = d."issue_id" AND i."status" = 'bounced';
--> statement-breakpoint
UPDATE "issues" SET "lead_department_id" = NULL WHERE "status" = 'bounced';
