CREATE TYPE "public"."adverse_event_category" AS ENUM('cement_leakage', 'new_adjacent_fracture', 'new_remote_fracture', 'pulmonary_cement_embolism', 'infection', 'neurologic_deficit', 'bleeding_hematoma', 'anesthesia_complication', 'death', 'other');--> statement-breakpoint
CREATE TYPE "public"."analgesic_use" AS ENUM('none', 'non_opioid', 'opioid');--> statement-breakpoint
CREATE TYPE "public"."anesthesia_type" AS ENUM('general', 'local_sedation');--> statement-breakpoint
CREATE TYPE "public"."approach" AS ENUM('unipedicular', 'bipedicular');--> statement-breakpoint
CREATE TYPE "public"."disposition" AS ENUM('same_day', 'overnight');--> statement-breakpoint
CREATE TYPE "public"."follow_up_timepoint" AS ENUM('baseline', 'h48', 'd7', 'm1', 'm3', 'm6', 'm12');--> statement-breakpoint
CREATE TYPE "public"."leakage_location" AS ENUM('disc', 'paravertebral', 'canal');--> statement-breakpoint
CREATE TYPE "public"."leakage_type" AS ENUM('B', 'S', 'C');--> statement-breakpoint
CREATE TYPE "public"."mobility_level" AS ENUM('bedbound', 'assisted', 'independent');--> statement-breakpoint
CREATE TYPE "public"."overnight_reason" AS ENUM('pain_control', 'anesthesia_recovery', 'comorbidity_monitoring', 'complication', 'multi_level_procedure', 'transport_social', 'physician_preference', 'other');--> statement-breakpoint
CREATE TYPE "public"."procedure_status" AS ENUM('scheduled', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "adverse_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"category" "adverse_event_category" NOT NULL,
	"leakage_type" "leakage_type",
	"leakage_location" "leakage_location",
	"symptomatic" boolean NOT NULL,
	"detected_on" date NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"timepoint" "follow_up_timepoint" NOT NULL,
	"due_on" date NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"assessed_on" date,
	"pain_nrs" integer,
	"odi" integer,
	"rmdq" integer,
	"analgesic_use" "analgesic_use",
	"mobility" "mobility_level",
	"new_fracture" boolean,
	"kyphotic_angle_deg" numeric(5, 1),
	"note" text,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_ups_pain_range" CHECK ("follow_ups"."pain_nrs" between 0 and 10),
	CONSTRAINT "follow_ups_odi_range" CHECK ("follow_ups"."odi" between 0 and 100),
	CONSTRAINT "follow_ups_rmdq_range" CHECK ("follow_ups"."rmdq" between 0 and 24)
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"type" "procedure_type" NOT NULL,
	"status" "procedure_status" DEFAULT 'scheduled' NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"performed_at" timestamp with time zone,
	"physician_id" uuid NOT NULL,
	"setting" text DEFAULT 'outpatient' NOT NULL,
	"anesthesia" "anesthesia_type" NOT NULL,
	"approach" "approach" NOT NULL,
	"planned_levels" "vertebral_level"[] NOT NULL,
	"cement" text DEFAULT 'PMMA' NOT NULL,
	"cancel_reason" text,
	"disposition" "disposition",
	"overnight_reason" "overnight_reason",
	"discharged_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_completed_disposition" CHECK ("procedures"."status" <> 'completed' or ("procedures"."disposition" is not null and "procedures"."performed_at" is not null)),
	CONSTRAINT "procedures_overnight_reason" CHECK ("procedures"."disposition" is distinct from 'overnight' or "procedures"."overnight_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "treated_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"fracture_id" uuid,
	"level" "vertebral_level" NOT NULL,
	"cement_volume_ml" numeric(4, 1) NOT NULL,
	"kyphotic_angle_before_deg" numeric(5, 1),
	"kyphotic_angle_after_deg" numeric(5, 1),
	"height_restored_pct" numeric(5, 2),
	CONSTRAINT "treated_levels_cement_range" CHECK ("treated_levels"."cement_volume_ml" between 0.5 and 15)
);
--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "last_disposition" "disposition";--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "next_follow_up_on" date;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_physician_id_staff_id_fk" FOREIGN KEY ("physician_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treated_levels" ADD CONSTRAINT "treated_levels_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treated_levels" ADD CONSTRAINT "treated_levels_fracture_id_fractures_id_fk" FOREIGN KEY ("fracture_id") REFERENCES "public"."fractures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adverse_events_procedure_idx" ON "adverse_events" USING btree ("procedure_id");--> statement-breakpoint
CREATE INDEX "adverse_events_category_idx" ON "adverse_events" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_procedure_timepoint_key" ON "follow_ups" USING btree ("procedure_id","timepoint");--> statement-breakpoint
CREATE INDEX "follow_ups_patient_idx" ON "follow_ups" USING btree ("patient_id","due_on");--> statement-breakpoint
CREATE INDEX "follow_ups_open_due_idx" ON "follow_ups" USING btree ("due_on","id") WHERE "follow_ups"."assessed_on" is null;--> statement-breakpoint
CREATE INDEX "procedures_patient_idx" ON "procedures" USING btree ("patient_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "procedures_status_scheduled_idx" ON "procedures" USING btree ("status","scheduled_at","id");--> statement-breakpoint
CREATE INDEX "procedures_status_performed_idx" ON "procedures" USING btree ("status","performed_at","id");--> statement-breakpoint
CREATE INDEX "procedures_physician_idx" ON "procedures" USING btree ("physician_id","scheduled_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "procedures_one_scheduled_key" ON "procedures" USING btree ("patient_id") WHERE "procedures"."status" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "treated_levels_procedure_level_key" ON "treated_levels" USING btree ("procedure_id","level");--> statement-breakpoint
CREATE INDEX "patients_last_disposition_idx" ON "patients" USING btree ("last_disposition","id");--> statement-breakpoint
CREATE INDEX "patients_next_follow_up_idx" ON "patients" USING btree ("next_follow_up_on","id");