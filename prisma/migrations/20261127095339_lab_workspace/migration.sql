-- CreateTable
CREATE TABLE "LabQuery" (
    "id" BIGSERIAL NOT NULL,
    "userId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "sql" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "rowCount" INTEGER,
    "totalCount" INTEGER,
    "elapsedMs" INTEGER NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabQuery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HintUnlock" (
    "userId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "taskId" TEXT NOT NULL,
    "hintIndex" INTEGER NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HintUnlock_pkey" PRIMARY KEY ("userId","itemId","taskId","hintIndex")
);

-- CreateTable
CREATE TABLE "AnswerFingerprint" (
    "itemId" UUID NOT NULL,
    "taskId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnswerFingerprint_pkey" PRIMARY KEY ("itemId","taskId","hash","userId")
);

-- CreateIndex
CREATE INDEX "LabQuery_userId_itemId_createdAt_idx" ON "LabQuery"("userId", "itemId", "createdAt");

-- AddForeignKey
ALTER TABLE "LabQuery" ADD CONSTRAINT "LabQuery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabQuery" ADD CONSTRAINT "LabQuery_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HintUnlock" ADD CONSTRAINT "HintUnlock_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HintUnlock" ADD CONSTRAINT "HintUnlock_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnswerFingerprint" ADD CONSTRAINT "AnswerFingerprint_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnswerFingerprint" ADD CONSTRAINT "AnswerFingerprint_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
