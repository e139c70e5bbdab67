-- AlterEnum
ALTER TYPE "BulkDescriptionJobStatus" ADD VALUE 'draft';

