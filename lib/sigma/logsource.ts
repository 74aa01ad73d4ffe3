// A Sigma logsource names the logs a rule is written for. Our logs have no categories, only the
// `service` column, so product and service become a restriction on that column. An unknown name
// is refused rather than ignored: a rule written for Windows must not quietly run on every event.
import { quote } from "./match";

/** Sigma logsource names (lower case, as the specification writes them) -> values of the `service` column. */
export const LOGSOURCES = {
  products: {
    linux: ["sshd", "CRON", "systemd", "systemd-logind", "dpkg"],
    mesos: ["mesos-master", "mesos-agent"],
    marathon: ["marathon", "marathon-lb"],
    zookeeper: ["zookeeper"],
    kubernetes: ["kubelet", "kube-apiserver", "kube-scheduler", "kube-controller-manager", "etcd", "containerd"],
  },
  services: {
    sshd: ["sshd"],
    cron: ["CRON"],
    systemd: ["systemd"],
    "systemd-logind": ["systemd-logind"],
    dpkg: ["dpkg"],
    "mesos-master": ["mesos-master"],
    "mesos-agent": ["mesos-agent"],
    "mesos-dns": ["mesos-dns"],
    marathon: ["marathon"],
    "marathon-lb": ["marathon-lb"],
    haproxy: ["haproxy"],
    zookeeper: ["zookeeper"],
    kubelet: ["kubelet"],
    "kube-apiserver": ["kube-apiserver"],
    "kube-scheduler": ["kube-scheduler"],
    "kube-controller-manager": ["kube-controller-manager"],
    etcd: ["etcd"],
    containerd: ["containerd"],
  },
} as const satisfies { products: Record<string, readonly string[]>; services: Record<string, readonly string[]> };

export type Logsource = { category?: string; product?: string; service?: string; definition?: string };

const names = (m: object) => Object.keys(m).join(", ");
const lookup = (m: Record<string, readonly string[]>, key: string) => (Object.hasOwn(m, key) ? m[key] : undefined);
/** names from the rule are echoed only when they look like logsource names */
const shown = (s: string) => (/^[A-Za-z0-9_.-]{1,64}$/.test(s) ? `"${s}"` : "this one");

/**
 * The SQL restriction on `service` for a logsource ("" when the rule names neither product nor
 * service), or the reason it cannot be mapped. `definition` is prose for readers and is ignored.
 */
export function logsourceFilter(ls: Logsource): { ok: true; sql: string } | { ok: false; message: string; field: keyof Logsource } {
  if (ls.category !== undefined) {
    return {
      ok: false,
      field: "category",
      message: `logsource category ${shown(ls.category)} is not supported here: these logs have no categories; use product (${names(LOGSOURCES.products)}) and/or service`,
    };
  }
  const product = ls.product === undefined ? undefined : lookup(LOGSOURCES.products, ls.product.toLowerCase());
  if (ls.product !== undefined && !product) {
    return { ok: false, field: "product", message: `unknown logsource product ${shown(ls.product)} (known: ${names(LOGSOURCES.products)})` };
  }
  const service = ls.service === undefined ? undefined : lookup(LOGSOURCES.services, ls.service.toLowerCase());
  if (ls.service !== undefined && !service) {
    return { ok: false, field: "service", message: `unknown logsource service ${shown(ls.service)} (known: ${names(LOGSOURCES.services)})` };
  }
  let services: readonly string[] = service ?? product ?? [];
  if (product && service) {
    services = service.filter((s) => product.includes(s));
    if (!services.length) {
      return {
        ok: false,
        field: "service",
        message: `logsource service ${shown(ls.service!)} is not part of product ${shown(ls.product!)} (its services: ${product.join(", ")})`,
      };
    }
  }
  if (!services.length) return { ok: true, sql: "" };
  return { ok: true, sql: services.length === 1 ? `service = ${quote(services[0])}` : `service IN (${services.map(quote).join(", ")})` };
}
