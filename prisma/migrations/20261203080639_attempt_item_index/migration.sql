-- CreateIndex
CREATE INDEX "Attempt_itemId_userId_part_submittedAt_idx" ON "Attempt"("itemId", "userId", "part", "submittedAt");
