// "Flags at startup:" of a Mesos master and agent: stout prints every flag that has a value (its default
// or the one set), sorted by name, as --name="value", separated by spaces.
import type { Fleet, Host } from "../hosts";

export function masterFlags(f: Fleet, host: { fqdn: string }, _version: string): string {
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

export function agentFlags(f: Fleet, a: Host, _version: string): string {
  const zk = f.zks.map((z) => `${z.ip}:2181`).join(",");
  return (
    `--appc_store_dir="/tmp/mesos/store/appc" --containerizers="mesos,docker" --docker="docker" --executor_registration_timeout="5mins" ` +
    `--hostname="${a.fqdn}" --isolation="cgroups/cpu,cgroups/mem,filesystem/linux,docker/runtime" --log_dir="/var/log/mesos" ` +
    `--logging_level="INFO" --master="zk://${zk}/mesos" --port="5051" --recover="reconnect" --strict="true" --work_dir="/var/lib/mesos"`
  );
}
