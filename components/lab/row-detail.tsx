import type { ReactNode } from "react";
import type { Cell } from "@/lib/lab/types";
import styles from "./lab.module.css";

export type DetailItem = { name: string; type?: string; value: Cell; actions?: ReactNode };

export function formatCell(cell: Cell): string {
  if (cell === null) return "NULL";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return String(cell);
}

/**
 * One row in full, each value whole (query results' row detail, the explorer's event detail):
 * a name with its type, the value as preformatted text, and the actions that belong to it.
 */
export function RowDetail({ items }: { items: DetailItem[] }) {
  return (
    <dl>
      {items.map((item, i) => (
        <div key={i} className={styles.rowDetailItem}>
          <dt>
            {item.name}
            {item.type && <span className={styles.colType}>{item.type}</span>}
          </dt>
          <dd>
            <pre className={item.value === null ? styles.nullCell : undefined}>{formatCell(item.value)}</pre>
            {item.actions}
          </dd>
        </div>
      ))}
    </dl>
  );
}
