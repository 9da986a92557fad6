DROP INDEX "follow_ups_open_due_idx";--> statement-breakpoint
CREATE INDEX "follow_ups_open_due_idx" ON "follow_ups" USING btree ("due_on","id","window_end") WHERE "follow_ups"."assessed_on" is null;