-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "lastCheckedAt" TIMESTAMP(3),
ADD COLUMN     "repositoryCount" INTEGER;

