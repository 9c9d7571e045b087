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
CREATE UNIQUE INDEX "projects_org_unit_name_uq" ON "projects" USING btree ("org_unit_id","name") WHERE "projects"."status" = 'active';