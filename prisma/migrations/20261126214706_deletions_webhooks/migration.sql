-- CreateEnum
CREATE TYPE "DeletionRequestStatus" AS ENUM ('pending', 'approved', 'completed', 'rejected', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "DeletionSource" AS ENUM ('manual', 'policy');

-- CreateEnum
CREATE TYPE "DeletionItemStatus" AS ENUM ('pending', 'in_flight', 'deleted', 'already_gone', 'skipped_changed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "DeletionDecision" AS ENUM ('approve', 'reject');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "DeletionSettings" (
    "instanceId" TEXT NOT NULL,
    "requestTtlHours" INTEGER NOT NULL DEFAULT 72,
    "recentPullDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeletionSettings_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "DeletionRequest" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "source" "DeletionSource" NOT NULL DEFAULT 'manual',
    "policyId" TEXT,
    "requesterId" TEXT,
    "requesterEmail" TEXT,
    "reason" TEXT NOT NULL,
    "status" "DeletionRequestStatus" NOT NULL DEFAULT 'pending',
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "summary" JSONB NOT NULL,
    "resubmittedFromId" TEXT,
    "approvedAt" TIMESTAMP(3),
    "rejectedAt" TIMESTAMP(3),
    "expiredAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" TEXT,
    "cancelledByEmail" TEXT,
    "cancelComment" TEXT,
    "executionQueuedAt" TIMESTAMP(3),
    "executionStartedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeletionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletionItem" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "architectures" TEXT[],
    "size" BIGINT,
    "lastPushed" TIMESTAMP(3),
    "lastPulled" TIMESTAMP(3),
    "warnings" TEXT[],
    "status" "DeletionItemStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "inFlightAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "confirmedByReread" BOOLEAN NOT NULL DEFAULT false,
    "outcomeReason" TEXT,
    "currentDigest" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeletionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletionApproval" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "approverEmail" TEXT NOT NULL,
    "decision" "DeletionDecision" NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletionApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "encryptedSecret" TEXT NOT NULL,
    "secretHint" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeletionRequest_status_expiresAt_idx" ON "DeletionRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "DeletionRequest_instanceId_status_idx" ON "DeletionRequest"("instanceId", "status");

-- CreateIndex
CREATE INDEX "DeletionRequest_requesterId_idx" ON "DeletionRequest"("requesterId");

-- CreateIndex
CREATE INDEX "DeletionItem_requestId_status_idx" ON "DeletionItem"("requestId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DeletionItem_requestId_tag_key" ON "DeletionItem"("requestId", "tag");

-- CreateIndex
CREATE UNIQUE INDEX "DeletionApproval_requestId_approverId_key" ON "DeletionApproval"("requestId", "approverId");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_instanceId_idx" ON "WebhookEndpoint"("instanceId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- AddForeignKey
ALTER TABLE "DeletionItem" ADD CONSTRAINT "DeletionItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DeletionRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeletionApproval" ADD CONSTRAINT "DeletionApproval_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DeletionRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ─── Added by hand (deletions feature): what Prisma cannot express ───────────

-- Foreign keys to models owned elsewhere (no Prisma relation fields on Instance/User).
ALTER TABLE "DeletionSettings" ADD CONSTRAINT "DeletionSettings_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_cancelledById_fkey" FOREIGN KEY ("cancelledById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_resubmittedFromId_fkey" FOREIGN KEY ("resubmittedFromId") REFERENCES "DeletionRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "DeletionApproval" ADD CONSTRAINT "DeletionApproval_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CHECK constraints.
ALTER TABLE "DeletionSettings"
  ADD CONSTRAINT "DeletionSettings_ttl_range" CHECK ("requestTtlHours" BETWEEN 1 AND 8760),
  ADD CONSTRAINT "DeletionSettings_recent_pull_range" CHECK ("recentPullDays" BETWEEN 0 AND 3650);

ALTER TABLE "DeletionRequest"
  ADD CONSTRAINT "DeletionRequest_reason_not_blank" CHECK (length(btrim("reason")) > 0),
  ADD CONSTRAINT "DeletionRequest_required_approvals_positive" CHECK ("requiredApprovals" >= 1),
  ADD CONSTRAINT "DeletionRequest_requester_unless_policy" CHECK ("source" = 'policy' OR "requesterId" IS NOT NULL),
  ADD CONSTRAINT "DeletionRequest_policy_has_id" CHECK ("source" <> 'policy' OR "policyId" IS NOT NULL),
  ADD CONSTRAINT "DeletionRequest_expires_after_creation" CHECK ("expiresAt" > "createdAt"),
  ADD CONSTRAINT "DeletionRequest_approved_is_queued" CHECK (
    "status" NOT IN ('approved', 'completed') OR ("approvedAt" IS NOT NULL AND "executionQueuedAt" IS NOT NULL)),
  ADD CONSTRAINT "DeletionRequest_completed_is_finished" CHECK ("status" <> 'completed' OR "finishedAt" IS NOT NULL),
  ADD CONSTRAINT "DeletionRequest_rejected_has_time" CHECK ("status" <> 'rejected' OR "rejectedAt" IS NOT NULL),
  ADD CONSTRAINT "DeletionRequest_expired_has_time" CHECK ("status" <> 'expired' OR "expiredAt" IS NOT NULL),
  ADD CONSTRAINT "DeletionRequest_cancelled_has_time" CHECK ("status" <> 'cancelled' OR "cancelledAt" IS NOT NULL);

ALTER TABLE "DeletionItem"
  ADD CONSTRAINT "DeletionItem_tag_grammar" CHECK ("tag" ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'),
  ADD CONSTRAINT "DeletionItem_digest_not_blank" CHECK (length("digest") > 0),
  ADD CONSTRAINT "DeletionItem_attempts_non_negative" CHECK ("attempts" >= 0),
  ADD CONSTRAINT "DeletionItem_in_flight_has_attempt" CHECK ("status" <> 'in_flight' OR ("attempts" >= 1 AND "inFlightAt" IS NOT NULL)),
  ADD CONSTRAINT "DeletionItem_final_has_time" CHECK (("status" IN ('pending', 'in_flight')) = ("finishedAt" IS NULL));

ALTER TABLE "WebhookEndpoint"
  ADD CONSTRAINT "WebhookEndpoint_url_http" CHECK ("url" ~ '^https?://');
ALTER TABLE "WebhookDelivery"
  ADD CONSTRAINT "WebhookDelivery_attempts_non_negative" CHECK ("attempts" >= 0);

-- Approvals: the requester never approves their own request, and a decision only lands
-- on a pending request that has not expired. Decisions are never edited.
CREATE FUNCTION "deletion_approval_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  req RECORD;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'DeletionApproval rows are immutable' USING ERRCODE = 'check_violation';
  END IF;
  SELECT "requesterId", "status", "expiresAt" INTO req FROM "DeletionRequest" WHERE "id" = NEW."requestId" FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key reports it
  END IF;
  IF NEW."decision" = 'approve' AND req."requesterId" IS NOT NULL AND req."requesterId" = NEW."approverId" THEN
    RAISE EXCEPTION 'hk_self_approval: a requester cannot approve their own deletion request' USING ERRCODE = 'check_violation';
  END IF;
  IF req."status" <> 'pending' THEN
    RAISE EXCEPTION 'hk_not_pending: deletion request is %', req."status" USING ERRCODE = 'check_violation';
  END IF;
  IF req."expiresAt" <= now() THEN
    RAISE EXCEPTION 'hk_expired: deletion request has expired' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "DeletionApproval_guard" BEFORE INSERT OR UPDATE ON "DeletionApproval"
  FOR EACH ROW EXECUTE FUNCTION "deletion_approval_guard"();

-- Requests: only these status transitions, identity columns never change, and "approved"
-- needs the required number of distinct approvals.
CREATE FUNCTION "deletion_request_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  approvals INTEGER;
BEGIN
  IF NEW."instanceId" IS DISTINCT FROM OLD."instanceId" OR NEW."namespace" IS DISTINCT FROM OLD."namespace"
     OR NEW."repository" IS DISTINCT FROM OLD."repository" OR NEW."requesterId" IS DISTINCT FROM OLD."requesterId"
     OR NEW."reason" IS DISTINCT FROM OLD."reason" OR NEW."requiredApprovals" IS DISTINCT FROM OLD."requiredApprovals"
     OR NEW."source" IS DISTINCT FROM OLD."source" OR NEW."createdAt" IS DISTINCT FROM OLD."createdAt" THEN
    RAISE EXCEPTION 'hk_immutable: a deletion request''s identity and reason cannot change' USING ERRCODE = 'check_violation';
  END IF;
  -- The deadline may only move earlier, and only while the request is pending ("expire now").
  IF NEW."expiresAt" IS DISTINCT FROM OLD."expiresAt" AND (OLD."status" <> 'pending' OR NEW."expiresAt" > OLD."expiresAt") THEN
    RAISE EXCEPTION 'hk_immutable: a deletion request''s deadline can only be brought forward while it is pending' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."status" = OLD."status" THEN
    RETURN NEW;
  END IF;
  IF NOT ((OLD."status" = 'pending' AND NEW."status" IN ('approved', 'rejected', 'cancelled', 'expired'))
       OR (OLD."status" = 'approved' AND NEW."status" IN ('completed', 'cancelled'))) THEN
    RAISE EXCEPTION 'hk_transition: deletion request cannot go from % to %', OLD."status", NEW."status" USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."status" = 'approved' THEN
    SELECT count(DISTINCT "approverId") INTO approvals FROM "DeletionApproval"
      WHERE "requestId" = NEW."id" AND "decision" = 'approve'
        AND ("approverId" IS DISTINCT FROM NEW."requesterId");
    IF approvals < NEW."requiredApprovals" THEN
      RAISE EXCEPTION 'hk_approvals: % of % required approvals', approvals, NEW."requiredApprovals" USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF NEW."status" = 'expired' AND NEW."expiresAt" > now() THEN
    RAISE EXCEPTION 'hk_transition: deletion request has not reached its expiry time' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."status" = 'completed' AND EXISTS (
    SELECT 1 FROM "DeletionItem" WHERE "requestId" = NEW."id" AND "status" IN ('pending', 'in_flight')) THEN
    RAISE EXCEPTION 'hk_transition: deletion request still has unfinished items' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "DeletionRequest_guard" BEFORE UPDATE ON "DeletionRequest"
  FOR EACH ROW EXECUTE FUNCTION "deletion_request_guard"();

-- Items: new items start pending; an item only goes (or goes again) in flight while its
-- request is approved, so no DELETE is ever owed for an unapproved request; the snapshot
-- never changes; a final outcome is final.
CREATE FUNCTION "deletion_item_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" <> 'pending' OR NEW."attempts" <> 0 THEN
      RAISE EXCEPTION 'hk_item: new deletion items start pending' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD."status" NOT IN ('pending', 'in_flight') THEN
    RAISE EXCEPTION 'hk_item_final: deletion item % is already %', OLD."tag", OLD."status" USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."requestId" IS DISTINCT FROM OLD."requestId" OR NEW."tag" IS DISTINCT FROM OLD."tag" OR NEW."digest" IS DISTINCT FROM OLD."digest" THEN
    RAISE EXCEPTION 'hk_item: a deletion item''s snapshot cannot change' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."attempts" < OLD."attempts" THEN
    RAISE EXCEPTION 'hk_item: attempts never decrease' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."status" = 'in_flight' AND (OLD."status" <> 'in_flight' OR NEW."attempts" <> OLD."attempts") THEN
    IF NOT EXISTS (SELECT 1 FROM "DeletionRequest" WHERE "id" = NEW."requestId" AND "status" = 'approved') THEN
      RAISE EXCEPTION 'hk_not_approved: deletion item cannot go in flight unless its request is approved' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "DeletionItem_guard" BEFORE INSERT OR UPDATE ON "DeletionItem"
  FOR EACH ROW EXECUTE FUNCTION "deletion_item_guard"();
