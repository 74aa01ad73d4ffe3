-- CreateTable
CREATE TABLE "LabVariant" (
    "userId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "previousVersion" TEXT,
    "changedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabVariant_pkey" PRIMARY KEY ("userId","itemId")
);

-- AddForeignKey
ALTER TABLE "LabVariant" ADD CONSTRAINT "LabVariant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabVariant" ADD CONSTRAINT "LabVariant_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Learners who worked on a lab before this table existed did so on generator version 1.
INSERT INTO "LabVariant" ("userId", "itemId", "version")
SELECT DISTINCT a."userId", a."itemId", '1'
FROM (
    SELECT "userId", "itemId" FROM "LabQuery"
    UNION SELECT "userId", "itemId" FROM "HintUnlock"
    UNION SELECT "userId", "itemId" FROM "Attempt"
) a
JOIN "Item" i ON i."id" = a."itemId" AND i."kind" = 'lab'
ON CONFLICT DO NOTHING;
