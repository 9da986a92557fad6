CREATE TABLE "outcome_adverse_event_counts" (
	"day" date NOT NULL,
	"type" "procedure_type" NOT NULL,
	"physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"category" "adverse_event_category" NOT NULL,
	"events" integer NOT NULL,
	"procedures" integer NOT NULL,
	"symptomatic" integer NOT NULL,
	CONSTRAINT "outcome_adverse_event_counts_pkey" PRIMARY KEY("day","type","physician_id","etiology","category")
);
--> statement-breakpoint
CREATE TABLE "outcome_kyphosis_bins" (
	"day" date NOT NULL,
	"type" "procedure_type" NOT NULL,
	"physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"bin_deg" integer NOT NULL,
	"n" integer NOT NULL,
	"correction_tenths_sum" bigint NOT NULL,
	"correction_tenths_sumsq" bigint NOT NULL,
	CONSTRAINT "outcome_kyphosis_bins_pkey" PRIMARY KEY("day","type","physician_id","etiology","bin_deg")
);
--> statement-breakpoint
CREATE TABLE "outcome_patient_count_queue" (
	"txid" bigint DEFAULT txid_current() NOT NULL,
	"deferred" boolean DEFAULT coalesce(current_setting('augment.outcome_rollup_defer', true), '') = 'on' NOT NULL,
	"referral_date" date NOT NULL,
	"assigned_physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"planned_procedure" "procedure_type",
	"status" "patient_status" NOT NULL,
	"delta" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_patient_counts" (
	"referral_date" date NOT NULL,
	"assigned_physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"planned_procedure" "procedure_type",
	"status" "patient_status" NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "outcome_patient_counts_key" UNIQUE NULLS NOT DISTINCT("referral_date","assigned_physician_id","etiology","planned_procedure","status")
);
--> statement-breakpoint
CREATE TABLE "outcome_procedure_counts" (
	"day" date NOT NULL,
	"type" "procedure_type" NOT NULL,
	"physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"disposition" "disposition" NOT NULL,
	"overnight_reason" "overnight_reason",
	"n" integer NOT NULL,
	CONSTRAINT "outcome_procedure_counts_key" UNIQUE NULLS NOT DISTINCT("day","type","physician_id","etiology","disposition","overnight_reason")
);
--> statement-breakpoint
CREATE TABLE "outcome_rollup_queue" (
	"txid" bigint DEFAULT txid_current() NOT NULL,
	"deferred" boolean DEFAULT coalesce(current_setting('augment.outcome_rollup_defer', true), '') = 'on' NOT NULL,
	"flush" boolean DEFAULT false NOT NULL,
	"rebuild" boolean DEFAULT false NOT NULL,
	"procedure_id" uuid,
	"created" boolean DEFAULT false NOT NULL,
	"patient_id" uuid,
	"performed_at" timestamp with time zone,
	"type" "procedure_type",
	"physician_id" uuid
);
--> statement-breakpoint
CREATE TABLE "outcome_rollup_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"time_zone" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_rollup_state_single_row" CHECK ("outcome_rollup_state"."id")
);
--> statement-breakpoint
CREATE TABLE "outcome_scores" (
	"day" date NOT NULL,
	"type" "procedure_type" NOT NULL,
	"physician_id" uuid NOT NULL,
	"etiology" "etiology" NOT NULL,
	"timepoint" "follow_up_timepoint" NOT NULL,
	"pain_n" integer NOT NULL,
	"pain_sum" bigint NOT NULL,
	"pain_sumsq" bigint NOT NULL,
	"odi_n" integer NOT NULL,
	"odi_sum" bigint NOT NULL,
	"odi_sumsq" bigint NOT NULL,
	"paired_n" integer NOT NULL,
	"responders" integer NOT NULL,
	"improvement_sum" bigint NOT NULL,
	"improvement_sumsq" bigint NOT NULL,
	CONSTRAINT "outcome_scores_pkey" PRIMARY KEY("day","type","physician_id","etiology","timepoint")
);
--> statement-breakpoint
CREATE INDEX "outcome_patient_count_queue_txid_idx" ON "outcome_patient_count_queue" USING btree ("txid");--> statement-breakpoint
CREATE INDEX "outcome_patient_count_queue_deferred_idx" ON "outcome_patient_count_queue" USING btree ("txid") WHERE "outcome_patient_count_queue"."deferred";--> statement-breakpoint
CREATE INDEX "outcome_rollup_queue_txid_idx" ON "outcome_rollup_queue" USING btree ("txid");--> statement-breakpoint
CREATE INDEX "outcome_rollup_queue_deferred_idx" ON "outcome_rollup_queue" USING btree ("txid") WHERE "outcome_rollup_queue"."deferred";