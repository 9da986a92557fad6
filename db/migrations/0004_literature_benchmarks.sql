CREATE TABLE "literature_benchmarks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"procedure_type" text,
	"measure" text NOT NULL,
	"timepoint" text,
	"value" numeric NOT NULL,
	"note" text,
	CONSTRAINT "literature_benchmarks_procedure_type" CHECK ("literature_benchmarks"."procedure_type" in ('vertebroplasty', 'kyphoplasty', 'non_surgical')),
	CONSTRAINT "literature_benchmarks_timepoint" CHECK ("literature_benchmarks"."timepoint" in ('baseline', 'h48', 'd7', 'm1', 'm3', 'm6', 'm12'))
);
