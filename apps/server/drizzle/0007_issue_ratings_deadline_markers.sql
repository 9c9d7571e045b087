CREATE TABLE "issue_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issue_id" uuid NOT NULL,
	"rating" text NOT NULL,
	"comment" text,
	"by_phone" boolean DEFAULT false NOT NULL,
	"rated_by" uuid,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "deadline_missed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "responsible_leader_id" uuid;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "auto_escalated_due_on" date;--> statement-breakpoint
ALTER TABLE "issue_ratings" ADD CONSTRAINT "issue_ratings_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_ratings" ADD CONSTRAINT "issue_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issue_ratings_issue_idx" ON "issue_ratings" USING btree ("issue_id","rated_at");--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_responsible_leader_id_users_id_fk" FOREIGN KEY ("responsible_leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issues_responsible_leader_idx" ON "issues" USING btree ("responsible_leader_id");