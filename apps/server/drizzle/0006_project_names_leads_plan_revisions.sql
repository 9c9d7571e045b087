CREATE TABLE "project_annual_plan_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"previous_planned_investment" numeric(18, 2),
	"planned_investment" numeric(18, 2) NOT NULL,
	"previous_monthly_plan" jsonb,
	"monthly_plan" jsonb,
	"source" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_annual_plan_revisions" ADD CONSTRAINT "project_annual_plan_revisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_annual_plan_revisions" ADD CONSTRAINT "project_annual_plan_revisions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_annual_plan_revisions_project_idx" ON "project_annual_plan_revisions" USING btree ("project_id","year","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "investment_leads_project_uq" ON "investment_leads" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_lead_uq" ON "projects" USING btree ("lead_id");--> statement-breakpoint
-- Names become unique among a unit's active projects (the index below), compared by their key as the imports
-- match them: full-width ASCII as half-width, spaces and zero-width characters removed (project-name-key.ts; the
-- expression is the one of the generated column projects.name_key of 0009). Nothing stopped two active projects of
-- a unit sharing a name before, so the later ones of each name (by creation) are renamed “<name>（重名N）”, with a
-- history entry and an audit row, instead of the index failing and the server not starting.
-- The second, third… project of a name in a unit.
WITH "ranked" AS (
  SELECT p."id", p."name", row_number() OVER (PARTITION BY p."org_unit_id", regexp_replace(translate(p."name", '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~'), '[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200d\u2028-\u2029\u202f\u205f-\u2060\u3000\ufeff]', '', 'g') ORDER BY p."created_at", p."id") AS "rn"
  FROM "projects" p WHERE p."status" = 'active'
), "renamed" AS (
  UPDATE "projects" p SET "name" = p."name" || '（重名' || r."rn" || '）', "version" = p."version" + 1, "updated_at" = now()
  FROM "ranked" r WHERE r."id" = p."id" AND r."rn" > 1
  RETURNING p."id", p."org_unit_id", r."name" AS "old_name", p."name" AS "new_name"
), "history" AS (
  INSERT INTO "project_events" ("project_id", "action", "actor_name", "note", "data")
  SELECT "id", 'renamed_duplicate', '系统', '本单位另有同名的在用项目，名称由“' || "old_name" || '”改为“' || "new_name" || '”，请核实后修改', jsonb_build_object('from', "old_name", 'to', "new_name")
  FROM "renamed"
)
INSERT INTO "audit_log" ("actor_name", "action", "entity_type", "entity_id", "org_unit_id", "summary", "before", "after")
SELECT '系统', 'project.update', 'project', "id"::text, "org_unit_id", "old_name" || ' → ' || "new_name" || '（重名，升级时自动改名）', jsonb_build_object('name', "old_name"), jsonb_build_object('name', "new_name")
FROM "renamed";
--> statement-breakpoint
-- A new name that is itself taken (a project already called “<name>（重名2）”): the later one once more, by its id.
WITH "ranked" AS (
  SELECT p."id", p."name", row_number() OVER (PARTITION BY p."org_unit_id", regexp_replace(translate(p."name", '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~'), '[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200d\u2028-\u2029\u202f\u205f-\u2060\u3000\ufeff]', '', 'g') ORDER BY p."created_at", p."id") AS "rn"
  FROM "projects" p WHERE p."status" = 'active'
), "renamed" AS (
  UPDATE "projects" p SET "name" = p."name" || '（重名-' || left(p."id"::text, 8) || '）', "version" = p."version" + 1, "updated_at" = now()
  FROM "ranked" r WHERE r."id" = p."id" AND r."rn" > 1
  RETURNING p."id", p."org_unit_id", r."name" AS "old_name", p."name" AS "new_name"
), "history" AS (
  INSERT INTO "project_events" ("project_id", "action", "actor_name", "note", "data")
  SELECT "id", 'renamed_duplicate', '系统', '本单位另有同名的在用项目，名称由“' || "old_name" || '”改为“' || "new_name" || '”，请核实后修改', jsonb_build_object('from', "old_name", 'to', "new_name")
  FROM "renamed"
)
INSERT INTO "audit_log" ("actor_name", "action", "entity_type", "entity_id", "org_unit_id", "summary", "before", "after")
SELECT '系统', 'project.update', 'project', "id"::text, "org_unit_id", "old_name" || ' → ' || "new_name" || '（重名，升级时自动改名）', jsonb_build_object('name', "old_name"), jsonb_build_object('name', "new_name")
FROM "renamed";
--> statement-breakpoint
CREATE UNIQUE INDEX "projects_org_unit_name_uq" ON "projects" USING btree ("org_unit_id","name") WHERE "projects"."status" = 'active';