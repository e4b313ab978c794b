CREATE TABLE "cap_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"message_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"msg_type" text NOT NULL,
	"references_id" uuid,
	"sender" text NOT NULL,
	"sent" timestamp with time zone NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "cap_alerts_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "joint_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"classification" text NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"headline" text NOT NULL,
	"body" text NOT NULL,
	"instruction" text,
	"english" jsonb,
	"areas" jsonb NOT NULL,
	"audiences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"responsible_actor_id" text NOT NULL,
	"author_id" uuid NOT NULL,
	"author_actor_id" text NOT NULL,
	"activation_id" uuid,
	"planned_at" timestamp with time zone,
	"consulted_actor_ids" jsonb,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text
);
--> statement-breakpoint
CREATE TABLE "message_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"actor_id" text NOT NULL,
	"role" text NOT NULL,
	"kind" text NOT NULL,
	"comment" text,
	"proposal" text,
	"revision" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"user_id" uuid NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cap_alerts" ADD CONSTRAINT "cap_alerts_message_id_joint_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."joint_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_messages" ADD CONSTRAINT "joint_messages_responsible_actor_id_actors_id_fk" FOREIGN KEY ("responsible_actor_id") REFERENCES "public"."actors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_messages" ADD CONSTRAINT "joint_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_messages" ADD CONSTRAINT "joint_messages_author_actor_id_actors_id_fk" FOREIGN KEY ("author_actor_id") REFERENCES "public"."actors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_messages" ADD CONSTRAINT "joint_messages_activation_id_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_answers" ADD CONSTRAINT "message_answers_message_id_joint_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."joint_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_answers" ADD CONSTRAINT "message_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_answers" ADD CONSTRAINT "message_answers_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_transitions" ADD CONSTRAINT "message_transitions_message_id_joint_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."joint_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_transitions" ADD CONSTRAINT "message_transitions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cap_alerts_series_idx" ON "cap_alerts" USING btree ("series_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "joint_messages_series_version_key" ON "joint_messages" USING btree ("series_id","version");--> statement-breakpoint
CREATE INDEX "joint_messages_status_idx" ON "joint_messages" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "message_answers_message_idx" ON "message_answers" USING btree ("message_id","created_at");--> statement-breakpoint
CREATE INDEX "message_transitions_message_idx" ON "message_transitions" USING btree ("message_id","id");