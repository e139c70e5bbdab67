-- CreateEnum
CREATE TYPE "RetentionRunTrigger" AS ENUM ('schedule', 'manual');

-- CreateEnum
CREATE TYPE "RetentionRunStatus" AS ENUM ('queued', 'running', 'completed', 'held', 'failed');

-- CreateTable
CREATE TABLE "RetentionPolicy" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "namespace" TEXT NOT NULL,
    "repoInclude" TEXT[],
    "repoExclude" TEXT[],
    "tagInclude" TEXT[],
    "tagExclude" TEXT[],
    "pushedOlderThanDays" INTEGER,
    "pulledOlderThanDays" INTEGER,
    "keepNewest" INTEGER,
    "protectedPatterns" TEXT[] DEFAULT ARRAY['latest']::TEXT[],
    "keepSharedDigest" BOOLEAN NOT NULL DEFAULT true,
    "safetyMaxDeletePercent" INTEGER NOT NULL DEFAULT 50,
    "cron" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "trigger" "RetentionRunTrigger" NOT NULL,
    "slot" TIMESTAMP(3),
    "status" "RetentionRunStatus" NOT NULL DEFAULT 'queued',
    "actorId" TEXT,
    "actorEmail" TEXT,
    "evaluatedAt" TIMESTAMP(3),
    "repositoriesEvaluated" INTEGER NOT NULL DEFAULT 0,
    "tagsEvaluated" INTEGER NOT NULL DEFAULT 0,
    "toDelete" INTEGER NOT NULL DEFAULT 0,
    "keptByReason" JSONB,
    "freedBytes" BIGINT NOT NULL DEFAULT 0,
    "heldReasons" TEXT[],
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionRunRepository" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "tagsEvaluated" INTEGER NOT NULL,
    "toDelete" INTEGER NOT NULL,
    "keptByReason" JSONB NOT NULL,
    "freedBytes" BIGINT NOT NULL DEFAULT 0,
    "held" BOOLEAN NOT NULL DEFAULT false,
    "heldReason" TEXT,
    "requestIds" TEXT[],
    "autoApproved" BOOLEAN NOT NULL DEFAULT false,
    "decisions" JSONB NOT NULL,

    CONSTRAINT "RetentionRunRepository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionSettings" (
    "instanceId" TEXT NOT NULL,
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "autoApproveMaxTags" INTEGER NOT NULL DEFAULT 10,
    "autoApproveMaxBytes" BIGINT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionSettings_pkey" PRIMARY KEY ("instanceId")
);

-- CreateIndex
CREATE INDEX "RetentionPolicy_instanceId_enabled_idx" ON "RetentionPolicy"("instanceId", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "RetentionPolicy_instanceId_name_key" ON "RetentionPolicy"("instanceId", "name");

-- CreateIndex
CREATE INDEX "RetentionRun_policyId_createdAt_idx" ON "RetentionRun"("policyId", "createdAt");

-- CreateIndex
CREATE INDEX "RetentionRun_status_idx" ON "RetentionRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RetentionRun_policyId_slot_key" ON "RetentionRun"("policyId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "RetentionRunRepository_runId_namespace_repository_key" ON "RetentionRunRepository"("runId", "namespace", "repository");

-- AddForeignKey
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "RetentionPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionRunRepository" ADD CONSTRAINT "RetentionRunRepository_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RetentionRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Foreign keys to models owned elsewhere (no Prisma relation fields on Instance/User).
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RetentionSettings" ADD CONSTRAINT "RetentionSettings_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Sane numbers, whatever path writes them (the service validates first, with better messages).
ALTER TABLE "RetentionPolicy"
  ADD CONSTRAINT "RetentionPolicy_name_not_blank" CHECK (length(btrim("name")) BETWEEN 1 AND 100),
  ADD CONSTRAINT "RetentionPolicy_pushed_days_range" CHECK ("pushedOlderThanDays" IS NULL OR "pushedOlderThanDays" BETWEEN 1 AND 36500),
  ADD CONSTRAINT "RetentionPolicy_pulled_days_range" CHECK ("pulledOlderThanDays" IS NULL OR "pulledOlderThanDays" BETWEEN 1 AND 36500),
  ADD CONSTRAINT "RetentionPolicy_keep_newest_range" CHECK ("keepNewest" IS NULL OR "keepNewest" BETWEEN 1 AND 10000),
  ADD CONSTRAINT "RetentionPolicy_safety_range" CHECK ("safetyMaxDeletePercent" BETWEEN 1 AND 100);
ALTER TABLE "RetentionRun"
  ADD CONSTRAINT "RetentionRun_slot_iff_scheduled" CHECK (("trigger" = 'schedule') = ("slot" IS NOT NULL));
ALTER TABLE "RetentionSettings"
  ADD CONSTRAINT "RetentionSettings_max_tags_range" CHECK ("autoApproveMaxTags" BETWEEN 1 AND 1000),
  ADD CONSTRAINT "RetentionSettings_max_bytes_range" CHECK ("autoApproveMaxBytes" IS NULL OR "autoApproveMaxBytes" >= 0);
