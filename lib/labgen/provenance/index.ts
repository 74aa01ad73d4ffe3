// The provenance table: every message template the generator can emit, with its upstream evidence
// (or why it is composed). Emitters name a template id and fill its holes (render.ts); the Sink keeps
// the id of every event, and tests/unit/labgen-provenance.test.ts checks each emitted line against it.
import { CLIENT_TEMPLATES } from "./clients";
import { K8S_TEMPLATES } from "./k8s";
import { LINUX_TEMPLATES } from "./linux";
import { MARATHON_TEMPLATES } from "./marathon";
import { MESOS_TEMPLATES, ZK_CLIENT_TEMPLATES } from "./mesos";
import type { Template } from "./types";
import { fill, resolveTemplate, type Holes, type Resolved } from "./render";
import { ZOOKEEPER_TEMPLATES } from "./zookeeper";

export const TEMPLATES = {
  ...MESOS_TEMPLATES,
  ...ZK_CLIENT_TEMPLATES,
  ...ZOOKEEPER_TEMPLATES,
  ...MARATHON_TEMPLATES,
  ...K8S_TEMPLATES,
  ...CLIENT_TEMPLATES,
  ...LINUX_TEMPLATES,
} satisfies Record<string, Template>;

export type TemplateId = keyof typeof TEMPLATES;

export type { Template, ExactTemplate, ComposedTemplate, Evidence } from "./types";
export { fill, type Holes, type Resolved } from "./render";

/** the template as `version` prints it (version as versions.ts spells it; "" when it does not vary) */
export function resolve(id: TemplateId, version: string): Resolved {
  return resolveTemplate(TEMPLATES[id], id, version);
}

/** the message text of `id` with its holes filled */
export function message(r: Resolved, holes?: Holes): string {
  return fill(r.text, holes, r.id);
}
