ALTER TABLE "patients" ADD COLUMN "restricted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "restricted_reason" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "restricted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "restricted_by_id" uuid;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_restricted_by_id_staff_id_fk" FOREIGN KEY ("restricted_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patients_restricted_idx" ON "patients" USING btree ("id","assigned_physician_id") WHERE "patients"."restricted";--> statement-breakpoint
CREATE TABLE "patient_access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"granted_by_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_id" uuid,
	CONSTRAINT "patient_access_grants_kind_check" CHECK ("patient_access_grants"."kind" in ('grant', 'break_glass')),
	CONSTRAINT "patient_access_grants_break_glass_expires_check" CHECK ("patient_access_grants"."kind" <> 'break_glass' or "patient_access_grants"."expires_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "patient_access_grants" ADD CONSTRAINT "patient_access_grants_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_access_grants" ADD CONSTRAINT "patient_access_grants_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_access_grants" ADD CONSTRAINT "patient_access_grants_granted_by_id_staff_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_access_grants" ADD CONSTRAINT "patient_access_grants_revoked_by_id_staff_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_access_grants" ADD CONSTRAINT "patient_access_grants_reviewed_by_id_staff_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_access_grants_patient_staff_idx" ON "patient_access_grants" USING btree ("patient_id","staff_id") WHERE "patient_access_grants"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "patient_access_grants_review_idx" ON "patient_access_grants" USING btree ("granted_at","id") WHERE "patient_access_grants"."kind" = 'break_glass' and "patient_access_grants"."reviewed_at" is null;
