CREATE TYPE "public"."candidacy_decision" AS ENUM('candidate', 'not_candidate', 'resolved_conservatively');--> statement-breakpoint
CREATE TYPE "public"."fracture_morphology" AS ENUM('wedge', 'biconcave', 'crush');--> statement-breakpoint
CREATE TYPE "public"."imaging_modality" AS ENUM('mri', 'ct', 'xray', 'dexa', 'bone_scan');--> statement-breakpoint
CREATE TYPE "public"."procedure_type" AS ENUM('vertebroplasty', 'kyphoplasty');--> statement-breakpoint
CREATE TYPE "public"."tri_state" AS ENUM('yes', 'no', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."vertebral_level" AS ENUM('T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1');--> statement-breakpoint
CREATE TABLE "candidacy_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"physician_id" uuid NOT NULL,
	"checklist" jsonb NOT NULL,
	"decision" "candidacy_decision" NOT NULL,
	"planned_procedure" "procedure_type",
	"reason" text,
	"justification" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fractures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"level" "vertebral_level" NOT NULL,
	"diagnosed_on" date,
	"height_loss_pct" numeric(5, 2) NOT NULL,
	"morphology" "fracture_morphology",
	"fracture_age_weeks" integer,
	"mri_edema" "tri_state" DEFAULT 'unknown' NOT NULL,
	"kyphotic_angle_deg" numeric(5, 1),
	"posterior_wall_involved" boolean DEFAULT false NOT NULL,
	"retropulsion" boolean DEFAULT false NOT NULL,
	"removed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fractures_height_loss_range" CHECK ("fractures"."height_loss_pct" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "imaging_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"modality" "imaging_modality" NOT NULL,
	"ordered_on" date NOT NULL,
	"ordered_by" uuid,
	"completed_on" date,
	"finding" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "patients_status_idx";--> statement-breakpoint
DROP INDEX "patients_assigned_physician_idx";--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "planned_procedure" "procedure_type";--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "fracture_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "fracture_levels" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "candidacy_assessments" ADD CONSTRAINT "candidacy_assessments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidacy_assessments" ADD CONSTRAINT "candidacy_assessments_physician_id_staff_id_fk" FOREIGN KEY ("physician_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fractures" ADD CONSTRAINT "fractures_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_ordered_by_staff_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "candidacy_assessments_patient_idx" ON "candidacy_assessments" USING btree ("patient_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fractures_active_level_key" ON "fractures" USING btree ("patient_id","level") WHERE "fractures"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "imaging_orders_patient_idx" ON "imaging_orders" USING btree ("patient_id","ordered_on");--> statement-breakpoint
CREATE INDEX "imaging_orders_pending_idx" ON "imaging_orders" USING btree ("ordered_on","patient_id") WHERE "imaging_orders"."completed_on" is null;--> statement-breakpoint
CREATE INDEX "patients_mrn_prefix_idx" ON "patients" USING btree ("mrn" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "patients_last_name_prefix_idx" ON "patients" USING btree (lower("last_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "patients_first_name_prefix_idx" ON "patients" USING btree (lower("first_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "patients_name_sort_idx" ON "patients" USING btree (lower("last_name"),lower("first_name"),"id");--> statement-breakpoint
CREATE INDEX "patients_referral_date_idx" ON "patients" USING btree ("referral_date","id");--> statement-breakpoint
CREATE INDEX "patients_date_of_birth_idx" ON "patients" USING btree ("date_of_birth","id");--> statement-breakpoint
CREATE INDEX "patients_etiology_idx" ON "patients" USING btree ("etiology","id");--> statement-breakpoint
CREATE INDEX "patients_planned_procedure_idx" ON "patients" USING btree ("planned_procedure","id");--> statement-breakpoint
CREATE INDEX "patients_fracture_count_idx" ON "patients" USING btree ("fracture_count","id");--> statement-breakpoint
CREATE INDEX "patients_status_idx" ON "patients" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "patients_assigned_physician_idx" ON "patients" USING btree ("assigned_physician_id","id");