CREATE TABLE "report_need_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"status" text NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_need_changes" ADD CONSTRAINT "report_need_changes_need_id_report_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."report_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_need_changes" ADD CONSTRAINT "report_need_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_need_changes_need_idx" ON "report_need_changes" USING btree ("need_id","changed_at");