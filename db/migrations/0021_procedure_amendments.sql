CREATE TABLE "procedure_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"amended_by" uuid NOT NULL,
	"amended_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"previous" jsonb NOT NULL,
	"current" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procedure_amendments" ADD CONSTRAINT "procedure_amendments_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_amendments" ADD CONSTRAINT "procedure_amendments_amended_by_staff_id_fk" FOREIGN KEY ("amended_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_amendments_version_key" ON "procedure_amendments" USING btree ("procedure_id","version");