CREATE TABLE "sign_in_attempts" (
	"email" text NOT NULL,
	"client_address" text NOT NULL,
	"attempted_at" timestamp with time zone[] DEFAULT '{}' NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "sign_in_attempts_email_client_address_pk" PRIMARY KEY("email","client_address")
);
--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD COLUMN "attempted_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttle" DROP COLUMN "failures";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" DROP COLUMN "window_started_at";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" DROP COLUMN "blocked_until";
