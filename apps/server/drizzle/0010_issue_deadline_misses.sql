CREATE TABLE "issue_deadline_misses" (
	"issue_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"department_id" uuid,
	"missed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_deadline_misses_issue_id_due_on_pk" PRIMARY KEY("issue_id","due_on")
);
--> statement-breakpoint
ALTER TABLE "issue_ratings" ADD COLUMN "lead_department_id" uuid;--> statement-breakpoint
ALTER TABLE "issue_deadline_misses" ADD CONSTRAINT "issue_deadline_misses_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_deadline_misses" ADD CONSTRAINT "issue_deadline_misses_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_deadline_misses_department_idx" ON "issue_deadline_misses" USING btree ("department_id","issue_id");--> statement-breakpoint
ALTER TABLE "issue_ratings" ADD CONSTRAINT "issue_ratings_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_ratings_department_idx" ON "issue_ratings" USING btree ("lead_department_id");