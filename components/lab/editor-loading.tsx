import styles from "./lab.module.css";

/** Stands in for the editor while Monaco's chunk loads. */
export function EditorLoading() {
  return (
    <div className={`${styles.editor} ${styles.editorLoading}`} role="status">
      Loading editor…
    </div>
  );
}
