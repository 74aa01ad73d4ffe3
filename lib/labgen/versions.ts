// Version strings. Mesos tag dates/SHAs are the real apache/mesos release commits (see
// /work/shared/reference/log-formats.md §1); Marathon is the v1.10.26 release commit; build times are illustrative.
import { Rng } from "./prng";

export type MesosBuild = { version: string; buildDate: string; sha: string; pkg: string };

const MESOS: MesosBuild[] = [
  { version: "1.9.0", buildDate: "2019-09-04 17:41:09", sha: "5e79a584e6ec3e9e2f96e8bf418411df9dafac2e", pkg: "1.9.0-2.0.1.ubuntu1804" },
  { version: "1.10.0", buildDate: "2020-05-28 21:12:40", sha: "1fb36dcc5a0099f147cd01bd82cd7b4f0aec2256", pkg: "1.10.0-2.0.1.ubuntu1804" },
  { version: "1.11.0", buildDate: "2020-11-24 19:02:11", sha: "04bc7ee1984d86fbb0bd782ccc69ce44c13ae4b9", pkg: "1.11.0-2.0.1.ubuntu1804" },
];

// K8s minor -> patch used, and the etcd line kubeadm pairs with it (3.5 up to 1.33, 3.6 from 1.34)
const K8S = [
  { k8s: "v1.33.5", etcd: "3.5.21" },
  { k8s: "v1.34.2", etcd: "3.6.5" },
  { k8s: "v1.35.0", etcd: "3.6.5" },
];

export type Versions = {
  mesos: MesosBuild;
  marathon: string;
  /** the Git-Commit of Marathon's manifest: the v1.10.26 release commit */
  marathonBuildRef: string;
  marathonPkg: string;
  zk: string;
  k8s: string;
  etcd: string;
  containerd: string;
};

export function pickVersions(r: Rng): Versions {
  const mesos = r.pick(MESOS);
  const k = r.pick(K8S);
  return {
    mesos,
    marathon: "1.10.26",
    marathonBuildRef: "0513cddcac83bd4082d48098d489e69686695998",
    // `./version package` of the tag: the version and the commit abbreviated as git prints it
    marathonPkg: "1.10.26-0513cddca",
    zk: "3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT",
    k8s: k.k8s,
    etcd: k.etcd,
    containerd: r.pick(["1.7.27", "2.0.5", "2.1.4"]),
  };
}
