-- CreateEnum
CREATE TYPE "BulkDescriptionJobStatus" AS ENUM ('queued', 'running', 'cancelling', 'cancelled', 'finished', 'failed');

-- CreateEnum
CREATE TYPE "BulkDescriptionItemStatus" AS ENUM ('pending', 'updated', 'unchanged', 'failed', 'skipped_changed', 'cancelled');

-- CreateTable
CREATE TABLE "BulkDescriptionJob" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByEmail" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "BulkDescriptionJobStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "updatedCount" INTEGER NOT NULL DEFAULT 0,
    "unchangedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "cancelledCount" INTEGER NOT NULL DEFAULT 0,
    "excludedCount" INTEGER NOT NULL DEFAULT 0,
    "rateLimitedUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "runStartedAt" TIMESTAMP(3),
    "runProcessed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "undoOfJobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkDescriptionJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkDescriptionItem" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "previewBefore" JSONB NOT NULL,
    "plannedAfter" JSONB NOT NULL,
    "status" "BulkDescriptionItemStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attemptedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkDescriptionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DescriptionChange" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "fields" TEXT[],
    "descriptionBefore" TEXT,
    "descriptionAfter" TEXT,
    "fullDescriptionBefore" TEXT,
    "fullDescriptionAfter" TEXT,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bulkJobId" TEXT,

    CONSTRAINT "DescriptionChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkDescriptionJob_instanceId_createdAt_idx" ON "BulkDescriptionJob"("instanceId", "createdAt");

-- CreateIndex
CREATE INDEX "BulkDescriptionJob_status_idx" ON "BulkDescriptionJob"("status");

-- CreateIndex
CREATE INDEX "BulkDescriptionItem_jobId_status_position_idx" ON "BulkDescriptionItem"("jobId", "status", "position");

-- CreateIndex
CREATE UNIQUE INDEX "BulkDescriptionItem_jobId_namespace_repository_key" ON "BulkDescriptionItem"("jobId", "namespace", "repository");

-- CreateIndex
CREATE INDEX "DescriptionChange_instanceId_namespace_repository_at_idx" ON "DescriptionChange"("instanceId", "namespace", "repository", "at");

-- CreateIndex
CREATE INDEX "DescriptionChange_bulkJobId_idx" ON "DescriptionChange"("bulkJobId");

-- AddForeignKey
ALTER TABLE "BulkDescriptionItem" ADD CONSTRAINT "BulkDescriptionItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkDescriptionJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

