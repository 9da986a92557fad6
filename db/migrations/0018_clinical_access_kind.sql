ALTER TABLE "clinical_access_grants" ADD COLUMN "kind" text;--> statement-breakpoint
UPDATE "clinical_access_grants" SET "kind" = CASE WHEN "from_role" IS NULL THEN 'created' ELSE 'role_changed' END;--> statement-breakpoint
ALTER TABLE "clinical_access_grants" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "clinical_access_grants" ADD CONSTRAINT "clinical_access_grants_kind_check" CHECK ("clinical_access_grants"."kind" in ('created', 'role_changed', 'reactivated', 'password_reset'));
