// Provenance of every message template the lab generator emits: where upstream the line comes from
// (project, tag, path, the file:line the line prints for each version we claim) or why it is composed.
// Facts only (message texts and line numbers); no upstream code is copied.
import type { Level } from "../types";

/** The versions a template can be claimed for, keyed the way `Versions` (versions.ts) spells them:
 *  Mesos "1.9.0", Kubernetes "v1.34.2", etcd "3.6.5", containerd "2.0.5", ... */
export type PerVersion<T> = Readonly<Record<string, T>>;

export interface Evidence {
  /** upstream repository, owner/name as on GitHub */
  repo: string;
  /** release tag(s) read, one per claimed version (same order as `line` keys when per version) */
  tags: readonly string[];
  /** path of the source file inside the repository at those tags (per version when it moved) */
  path: string | PerVersion<string>;
  /** where the message is produced in that file, when the log format itself prints no line */
  line?: number | PerVersion<number>;
}

interface Base {
  /** the message text with `{{name}}` holes, exactly as upstream formats it (prefix excluded); per
   *  claimed version when the wording differs between them */
  text: string | PerVersion<string>;
  /** what the format writes after the message: zap's JSON fields (`"key":value,...`) or log4j's stack
   *  trace (on the lines that follow), with holes */
  extra?: string | PerVersion<string>;
  /** the level the source logs it at (glog/klog letter, log4j/logback/zap level, syslog priority) */
  level: Level;
  /** remarks that a reviewer needs: printer used, compiler line rule, what is illustrative */
  note?: string;
}

export interface ExactTemplate extends Base {
  kind: "exact";
  evidence: Evidence;
  /** what the line prints as its source location, e.g. "master.cpp", "etcdserver/server.go",
   *  "QuorumPeer" (log4j %C{1}), a logger name; absent when the format prints none */
  file?: string | PerVersion<string>;
  /** the line number printed, per claimed version (a single number when it is the same for all) */
  line?: number | PerVersion<number>;
}

export interface ComposedTemplate extends Base {
  kind: "composed";
  /** a source location the format prints although it could not be proven from source (see reason) */
  file?: string | PerVersion<string>;
  line?: number | PerVersion<number>;
  /** the project whose program writes this line (e.g. "systemd", "OpenSSH") */
  project: string;
  /** why there is no citable file:line (a Linux service we cannot cite, a story-specific text...) */
  reason: string;
}

export type Template = ExactTemplate | ComposedTemplate;
