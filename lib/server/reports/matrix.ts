import "server-only";
import { stringify } from "csv-stringify/sync";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ProgressStatus, Role } from "@/lib/generated/prisma/enums";
import type { ReportFilter } from "@/lib/schemas/reports";
import { safeCell } from "../admin/audit-log";
import { db } from "../db";
import { type Scope, idList, inRange } from "./scope";

export const MATRIX_PAGE_SIZE = 50;
/** learners read per query while the CSV streams */
const CSV_BATCH = 500;

export type Cell = { status: ProgressStatus; score: number | null; attempts: number; seconds: number; hints: number };
export type MatrixRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  completed: number;
  /** sum of the items' best scores (each 0..1) */
  score: number;
  lastActivityAt: string | null;
  cells: Record<string, Cell>;
};
export type Matrix = { rows: MatrixRow[]; total: number; page: number; pages: number };

const EMPTY: Cell = { status: "not_started", score: null, attempts: 0, seconds: 0, hints: 0 };

const ORDER: Record<NonNullable<ReportFilter["sort"]>, Prisma.Sql> = {
  name: Prisma.sql`lower(u.name) ASC, u.id ASC`,
  email: Prisma.sql`u.email ASC, u.id ASC`,
  score: Prisma.sql`coalesce(a.score, 0) DESC, u.id ASC`,
  completed: Prisma.sql`coalesce(a.completed, 0) DESC, u.id ASC`,
  last: Prisma.sql`a.last DESC NULLS LAST, u.id ASC`,
};

/** who the matrix lists: active accounts of the role, matching the search, with activity in the range when one is given */
function learners(scope: Scope, f: ReportFilter): Prisma.Sql {
  const role = f.role ?? "learner";
  const search = Prisma.sql`${f.q ? Prisma.sql`AND (u.email ILIKE ${`%${f.q}%`} OR u.name ILIKE ${`%${f.q}%`})` : Prisma.empty} ${
    f.learner ? Prisma.sql`AND u.id = ${f.learner}::uuid` : Prisma.empty
  }`;
  const active = f.from || f.to ? Prisma.sql`AND a.last IS NOT NULL` : Prisma.empty;
  return Prisma.sql`
    FROM "User" u
    LEFT JOIN (
      SELECT p."userId",
        count(*) FILTER (WHERE p.status = 'completed') AS completed,
        coalesce(sum(p.score), 0) AS score,
        max(p."lastActivityAt") FILTER (WHERE ${inRange(Prisma.sql`p."lastActivityAt"`, f)}) AS last
      FROM "ItemProgress" p WHERE p."itemId" IN (${idList(scope.items)})
      GROUP BY p."userId"
    ) a ON a."userId" = u.id
    WHERE u.role = ${role}::"Role" AND u.active ${search} ${active}`;
}

type Head = { id: string; name: string; email: string; role: Role; completed: bigint | null; score: number | null; last: Date | null };

async function cellsOf(scope: Scope, users: readonly Head[]): Promise<Map<string, Record<string, Cell>>> {
  const ids = users.map((u) => u.id);
  const itemIds = scope.items.map((i) => i.id);
  const [progress, hints] = await Promise.all([
    db.itemProgress.findMany({
      where: { userId: { in: ids }, itemId: { in: itemIds } },
      select: { userId: true, itemId: true, status: true, score: true, attempts: true, timeSpentSeconds: true },
    }),
    db.hintUnlock.groupBy({ by: ["userId", "itemId"], where: { userId: { in: ids }, itemId: { in: itemIds } }, _count: { _all: true } }),
  ]);
  const out = new Map<string, Record<string, Cell>>();
  for (const id of ids) out.set(id, {});
  for (const p of progress) out.get(p.userId)![p.itemId] = { status: p.status, score: p.score, attempts: p.attempts, seconds: p.timeSpentSeconds, hints: 0 };
  for (const h of hints) {
    const row = out.get(h.userId)!;
    row[h.itemId] = { ...(row[h.itemId] ?? EMPTY), hints: h._count._all };
  }
  return out;
}

function rowsOf(users: readonly Head[], cells: Map<string, Record<string, Cell>>): MatrixRow[] {
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    completed: Number(u.completed ?? 0),
    score: Number(u.score ?? 0),
    lastActivityAt: u.last?.toISOString() ?? null,
    cells: cells.get(u.id) ?? {},
  }));
}

type PageRow = Head & {
  total: bigint;
  itemId: string | null;
  status: ProgressStatus | null;
  pscore: number | null;
  attempts: number | null;
  seconds: number | null;
  hints: bigint | null;
};

/**
 * The learner × item matrix: one page of learners, each with a cell per item of the scope. One
 * statement: the page of learners (with the total count beside it), their progress rows and hints.
 */
export async function matrix(scope: Scope, f: ReportFilter): Promise<Matrix> {
  const from = learners(scope, f);
  const want = Math.max(1, f.page);
  const query = (page: number) => db.$queryRaw<PageRow[]>`
    WITH page AS (
      SELECT u.id, u.name, u.email, u.role, a.completed, a.score, a.last, count(*) OVER () AS total ${from}
      ORDER BY ${ORDER[f.sort ?? "name"]} LIMIT ${MATRIX_PAGE_SIZE} OFFSET ${(page - 1) * MATRIX_PAGE_SIZE}
    )
    SELECT page.*, p."itemId", p.status, p.score AS pscore, p.attempts, p."timeSpentSeconds" AS seconds,
      (SELECT count(*) FROM "HintUnlock" h WHERE h."userId" = page.id AND h."itemId" = p."itemId") AS hints
    FROM page LEFT JOIN "ItemProgress" p ON p."userId" = page.id AND p."itemId" IN (${idList(scope.items)})`;
  let rows = await query(want);
  let page = want;
  if (rows.length === 0 && want > 1) {
    // past the last page: show the last one
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${from}`;
    page = Math.max(1, Math.ceil(Number(n) / MATRIX_PAGE_SIZE));
    rows = await query(page);
  }
  const total = Number(rows[0]?.total ?? 0);
  const users = new Map<string, MatrixRow>();
  for (const r of rows) {
    let u = users.get(r.id);
    if (!u) users.set(r.id, (u = rowsOf([r], new Map())[0]));
    if (r.itemId && r.status)
      u.cells[r.itemId] = { status: r.status, score: r.pscore, attempts: r.attempts ?? 0, seconds: r.seconds ?? 0, hints: Number(r.hints ?? 0) };
  }
  return { rows: [...users.values()], total, page, pages: Math.max(1, Math.ceil(total / MATRIX_PAGE_SIZE)) };
}

export const MATRIX_CSV_COLUMNS = [
  "learner_id",
  "name",
  "email",
  "role",
  "item_kind",
  "item_slug",
  "item_title",
  "status",
  "score",
  "attempts",
  "time_on_task_seconds",
  "hints",
] as const;

/**
 * The matrix as CSV, one row per learner × item (every learner the filters select, not one page),
 * read in batches of learners by id and written as it is read, so memory stays flat.
 */
export function matrixCsv(scope: Scope, f: ReportFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const from = learners(scope, f);
  let after: string | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([[...MATRIX_CSV_COLUMNS]])));
    },
    async pull(controller) {
      if (done) return controller.close();
      const users: Head[] = await db.$queryRaw<Head[]>`
        SELECT u.id, u.name, u.email, u.role, a.completed, a.score, a.last ${from}
        ${after ? Prisma.sql`AND u.id > ${after}::uuid` : Prisma.empty}
        ORDER BY u.id LIMIT ${CSV_BATCH}`;
      if (users.length < CSV_BATCH) done = true;
      if (users.length === 0) return controller.close();
      after = users[users.length - 1].id;
      const rows = rowsOf(users, await cellsOf(scope, users));
      const lines: string[][] = [];
      for (const r of rows)
        for (const i of scope.items) {
          const c = r.cells[i.id] ?? EMPTY;
          lines.push(
            [
              r.id,
              r.name,
              r.email,
              r.role,
              i.kind,
              i.slug,
              i.title,
              c.status,
              c.score === null ? "" : String(Math.round(c.score * 1000) / 1000),
              String(c.attempts),
              String(c.seconds),
              String(c.hints),
            ].map(safeCell),
          );
        }
      controller.enqueue(encoder.encode(stringify(lines)));
    },
  });
}
