/*
  Warnings:

  - A unique constraint covering the columns `[currentVersionId]` on the table `Item` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "ContentState" AS ENUM ('draft', 'in_review', 'published', 'archived');

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "currentVersionId" UUID,
ADD COLUMN     "state" "ContentState" NOT NULL DEFAULT 'published';

-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "sourceHash" TEXT;

-- CreateTable
CREATE TABLE "ItemVersion" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "state" "ContentState" NOT NULL DEFAULT 'draft',
    "source" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "dataId" UUID,
    "origin" TEXT NOT NULL,
    "createdById" UUID,
    "verification" JSONB,
    "verifiedHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "ItemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemAuthor" (
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemAuthor_pkey" PRIMARY KEY ("itemId","userId")
);

-- CreateTable
CREATE TABLE "ItemEnrollment" (
    "userId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemEnrollment_pkey" PRIMARY KEY ("userId","itemId")
);

-- CreateTable
CREATE TABLE "LabData" (
    "id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "labels" JSONB NOT NULL,
    "rangeFrom" TIMESTAMP(3),
    "rangeTo" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabData_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabDataChunk" (
    "dataId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "LabDataChunk_pkey" PRIMARY KEY ("dataId","index")
);

-- CreateIndex
CREATE UNIQUE INDEX "ItemVersion_itemId_number_key" ON "ItemVersion"("itemId", "number");

-- CreateIndex
CREATE INDEX "ItemEnrollment_versionId_idx" ON "ItemEnrollment"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "LabData_sha256_key" ON "LabData"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Item_currentVersionId_key" ON "Item"("currentVersionId");

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "ItemVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVersion" ADD CONSTRAINT "ItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVersion" ADD CONSTRAINT "ItemVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVersion" ADD CONSTRAINT "ItemVersion_dataId_fkey" FOREIGN KEY ("dataId") REFERENCES "LabData"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAuthor" ADD CONSTRAINT "ItemAuthor_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAuthor" ADD CONSTRAINT "ItemAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemEnrollment" ADD CONSTRAINT "ItemEnrollment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemEnrollment" ADD CONSTRAINT "ItemEnrollment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemEnrollment" ADD CONSTRAINT "ItemEnrollment_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ItemVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabData" ADD CONSTRAINT "LabData_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabDataChunk" ADD CONSTRAINT "LabDataChunk_dataId_fkey" FOREIGN KEY ("dataId") REFERENCES "LabData"("id") ON DELETE CASCADE ON UPDATE CASCADE;
