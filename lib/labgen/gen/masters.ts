// Mesos master processes: startup banner, elections, and how each run ends. Lines that the truth
// counts as "control plane" (build/version banner, "started on", elected/re-elected) are labelled
// here, at the only place they are produced, so labels and text cannot drift apart.
import type { Fleet } from "../hosts";
import type { Rng } from "../prng";
import type { MasterRun } from "../scenario";
import { leaderAt } from "../lookups";
import type { Sink } from "../sink";
import { type Ctx, masterProc } from "./ctx";
import { sys, systemd, systemdUnit } from "../formats/syslog";
import { log4jStamp, SEC, MIN } from "../time";
import { bytes, dur } from "./stout";

const UNIT = "mesos-master.service";
const DESC = "Mesos Master";

export function masterFlags(f: Fleet, host: { fqdn: string }): string {
  const zk = f.zks.map((z) => `${z.ip}:2181`).join(",");
  const cluster = f.domain.split(".")[0] + "-legacy";
  return (
    `--agent_ping_timeout="15secs" --agent_reregister_timeout="10mins" --allocation_interval="1secs" --allocator="hierarchical" ` +
    `--authenticate_agents="false" --authenticate_frameworks="false" --authenticate_http_frameworks="false" --authenticate_http_readonly="false" ` +
    `--authenticate_http_readwrite="false" --authenticators="crammd5" --authorizers="local" --cluster="${cluster}" --framework_sorter="drf" ` +
    `--help="false" --hostname="${host.fqdn}" --hostname_lookup="true" --http_authenticators="basic" --initialize_driver_logging="true" ` +
    `--log_auto_initialize="true" --log_dir="/var/log/mesos" --logbufsecs="0" --logging_level="INFO" --max_agent_ping_timeouts="5" ` +
    `--max_completed_frameworks="50" --max_completed_tasks_per_framework="1000" --port="5050" --quiet="false" --quorum="2" ` +
    `--recovery_agent_removal_limit="100%" --registry="replicated_log" --registry_fetch_timeout="1mins" --registry_gc_interval="15mins" ` +
    `--registry_max_agent_age="2weeks" --registry_max_agent_count="102400" --registry_store_timeout="20secs" --registry_strict="false" ` +
    `--root_submissions="true" --version="false" --webui_dir="/usr/share/mesos/webui" --work_dir="/var/lib/mesos" --zk="zk://${zk}/mesos" --zk_session_timeout="10secs"`
  );
}

/** the embedded ZooKeeper C client writes its own format to stderr -> journald, not to the glog file */
function zooClient(s: Sink, run: MasterRun, t: number, lvl: "INFO" | "ERROR", fn: string, line: number, msg: string, thread: string): void {
  const h = run.host;
  // same "YYYY-MM-DD hh:mm:ss,mmm" stamp as log4j, on the host's clock
  const body = `${log4jStamp(h.local(t))}:${run.pid}(0x${thread}):ZOO_${lvl}@${fn}@${line}: ${msg}`;
  sys(s, h, t, "mesos-master", lvl, "mesos-master", run.pid, msg, { function: fn, line: String(line) }, body);
}

export function emitMasters(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const zkHosts = f.zks.map((z) => `${z.ip}:2181`).join(",");
  const byHost = new Map<string, MasterRun[]>();
  for (const run of sc.runs) byHost.set(run.host.name, [...(byHost.get(run.host.name) ?? []), run]);
  let znode = r.int(20, 60);

  for (const run of sc.runs) {
    const h = run.host;
    const p = masterProc(c, run, r);
    const thread = "7f" + r.hex(7) + "700";
    const flaky = run.flaky;
    let t = run.start;
    znode++;
    if (t >= sc.W) {
      if (h === f.roles.N && run.restartCounter === 0) systemd(s, h, t - 3 * SEC, UNIT, DESC, "Reloading");
      systemd(s, h, t - 8000, UNIT, DESC, "Started");
      p.log((t += 41_000), "INFO", "main.cpp", 243, `Build: ${v.mesos.buildDate} by root`, true, run.pid);
      p.log((t += 74), "INFO", "main.cpp", 244, `Version: ${v.mesos.version}`, true, run.pid);
      p.log((t += 9), "INFO", "main.cpp", 247, `Git tag: ${v.mesos.version}`, true, run.pid);
      p.log((t += 8), "INFO", "main.cpp", 251, `Git SHA: ${v.mesos.sha}`, true, run.pid);
      zooClient(s, run, (t += 900), "INFO", "log_env", 726, "Client environment:zookeeper.version=zookeeper C client 3.4.8", thread);
      zooClient(s, run, (t += 60), "INFO", "zookeeper_init", 786, `Initiating client connection, host=${zkHosts} sessionTimeout=10000 watcher=0x7f${r.hex(10)} sessionId=0 sessionPasswd=<null> context=0x${r.hex(12)} flags=0`, thread);
      p.log((t += r.int(20_000, 60_000)), "INFO", "master.cpp", 450, `Master ${run.id} (${h.fqdn}) started on ${h.ip}:5050`, true);
      p.log((t += 28), "INFO", "master.cpp", 453, `Flags at startup: ${masterFlags(f, h)}`);
      p.log((t += r.int(900, 3000)), "INFO", "master.cpp", 558, "Using default 'crammd5' authenticator");
      p.log((t += r.int(2000, 9000)), "INFO", "recover.cpp", 437, "Starting replica recovery");
      if (flaky) {
        zooClient(s, run, (t += r.int(1, 3) * SEC), "ERROR", "handle_socket_error_msg", 1746, `Socket [${run.zkServer.ip}:2181] zk retcode=-4, errno=111(Connection refused): server refused to accept the client`, thread);
      } else {
        t = Math.max(t + 1000, run.zkAt);
        zooClient(s, run, t, "INFO", "check_events", 1728, `initiated connection to server [${run.zkServer.ip}:2181]`, thread);
        zooClient(s, run, (t += r.int(2000, 6000)), "INFO", "check_events", 1775, `session establishment complete on server [${run.zkServer.ip}:2181], sessionId=${run.zkSession}, negotiated timeout=10000`, thread);
        p.log((t += r.int(300, 900)), "INFO", "group.cpp", 341, `Group process (zookeeper-group(1)@${h.ip}:5050) connected to ZooKeeper`);
        p.log((t += 60), "INFO", "group.cpp", 831, "Syncing group operations: queue size (joins, cancels, datas) = (0, 1, 0)");
        p.log((t += 40), "INFO", "group.cpp", 419, "Trying to create path '/mesos' in ZooKeeper");
        p.log((t += r.int(5000, 20_000)), "INFO", "recover.cpp", 468, "Replica is in VOTING status");
        p.log((t += r.int(1000, 5000)), "INFO", "recover.cpp", 578, "Successfully joined the Paxos group");
        const L = leaderAt(sc, t);
        if (L) {
          p.log((t += r.int(2000, 9000)), "INFO", "zookeeper.cpp", 262, `A new leading master (UPID=master@${L.host.ip}:5050) is detected`);
          p.log((t += 90), "INFO", "master.cpp", 2189, `The newly elected leader is master@${L.host.ip}:5050 with id ${L.id}`);
        }
      }
    }

    for (const e of sc.elections) {
      if (e.t < run.start || (run.end !== null && e.t >= run.end)) continue;
      // the deposed leader never hears about its successor: it loses its session and exits first
      if (run.endKind === "suicide" && run.end! - e.t < MIN) continue;
      let te = e.t;
      const L = e.run;
      if (run === L) {
        // the election line sits exactly on the scenario instant, which is what leaderTimeline reports
        p.log(te - 80, "INFO", "zookeeper.cpp", 262, `A new leading master (UPID=master@${h.ip}:5050) is detected`);
        if (e.kind === "re-elected") {
          p.log(te, "INFO", "master.cpp", 2185, "Re-elected as the leading master", true);
          continue;
        }
        p.log(te, "INFO", "master.cpp", 2176, "Elected as the leading master!", true);
        p.log((te += 9), "INFO", "master.cpp", 1672, "Recovering from registrar");
        const reg = r.int(1900, 3400);
        p.log((te += r.int(40_000, 120_000)), "INFO", "registrar.cpp", 383, `Successfully fetched the registry (${bytes(reg)}) in ${dur(r.int(30_000_000, 120_000_000))}`);
        p.log((te += 200), "INFO", "registrar.cpp", 487, `Applied 1 operations in ${dur(r.int(20_000, 90_000))}; attempting to update the registry`);
        p.log((te += r.int(10_000, 40_000)), "INFO", "registrar.cpp", 544, `Successfully updated the registry in ${dur(r.int(8_000_000, 40_000_000))}`);
        p.log((te += 60), "INFO", "registrar.cpp", 416, "Successfully recovered registrar");
        const n = sc.agentRuns.filter((a) => a.start < e.t).map((a) => a.host).filter((x, i, arr) => arr.indexOf(x) === i).length;
        p.log((te += 300), "INFO", "master.cpp", 1825, `Recovered ${n} agents from the registry (${bytes(reg)}); allowing 10mins for agents to reregister`);
      } else {
        p.log(te + r.int(5000, 40_000), "INFO", "zookeeper.cpp", 262, `A new leading master (UPID=master@${L.host.ip}:5050) is detected`);
        p.log(te + 41_000 + r.int(5000, 40_000), "INFO", "master.cpp", 2189, `The newly elected leader is master@${L.host.ip}:5050 with id ${L.id}`);
      }
    }

    // Friday ZK blip as seen by the masters that survive it
    if (run.start < sc.blip && (run.end === null || run.end > sc.blipRestore)) {
      p.log(sc.blip + r.int(300_000, 1_500_000), "INFO", "group.cpp", 452, "Lost connection to ZooKeeper, attempting to reconnect ...");
      p.log(sc.blipRestore + r.int(100_000, 400_000), "INFO", "group.cpp", 341, `Group process (zookeeper-group(1)@${h.ip}:5050) reconnected to ZooKeeper`);
    }

    if (run.end === null) continue;
    const te = run.end;
    const next = (byHost.get(h.name) ?? []).find((x) => x.start > run.start);
    if (run.endKind === "stop") {
      systemd(s, h, te - 30_000, UNIT, DESC, "Stopping");
      p.log(te, "INFO", "master.cpp", 1151, "Master terminating");
      systemd(s, h, te + 250_000, UNIT, DESC, "Stopped");
      if (!next) systemd(s, h, te + r.int(40, 90) * SEC, UNIT, DESC, "Reloading"); // systemctl disable
      continue;
    }
    if (run.endKind === "suicide") {
      p.log(sc.foLost, "INFO", "group.cpp", 452, "Lost connection to ZooKeeper, attempting to reconnect ...");
      p.log(te - 300_000, "INFO", "group.cpp", 511, "ZooKeeper session expired");
      p.log(te, "ERROR", "master.cpp", 2158, "Lost leadership... committing suicide!");
    } else {
      if (!flaky) p.log(sc.blip + r.int(300_000, 1_500_000), "INFO", "group.cpp", 452, "Lost connection to ZooKeeper, attempting to reconnect ...");
      p.log(te, "ERROR", "master.cpp", 2166, `Failed to detect the leading master: Failed to get data for ephemeral node '/mesos/json.info_${String(znode).padStart(10, "0")}' in ZooKeeper: connection loss; committing suicide!`);
    }
    systemdUnit(s, h, te + 40_000, UNIT, "Main process exited, code=exited, status=1/FAILURE", "WARN");
    systemdUnit(s, h, te + 41_000, UNIT, "Failed with result 'exit-code'.", "WARN");
    if (next) {
      systemdUnit(s, h, next.start - 60_000, UNIT, "Service hold-off time over, scheduling restart.");
      systemdUnit(s, h, next.start - 50_000, UNIT, `Scheduled restart job, restart counter is at ${next.restartCounter}.`);
      systemd(s, h, next.start - 40_000, UNIT, DESC, "Stopped");
    }
  }
}
