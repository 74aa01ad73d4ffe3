// "Flags at startup: ..." of a Mesos master / agent, per version, in the order stout prints them.
// Research data (facts, not code): stout FlagsBase operator<< (3rdparty/stout/include/stout/flags/flags.hpp:904-916,
// identical blob in 1.9.0/1.10.0/1.11.0) walks FlagsBase::flags_, a std::map<std::string, Flag> keyed by the flag's
// canonical name (flags.hpp:325, :511) -> byte-wise sorted; each flag whose stringify() returns Some is printed as
// --<name>="<value>", joined by single spaces. Non-Option flags always print (their default or the loaded value);
// Option<T> flags print only when set (flags.hpp:464-471). Values are stout stringify(): bool true/false, Duration
// (duration.hpp:276ff: 1mins, 10secs, 0ns, 1weeks, 6hrs), Bytes (bytes.hpp:141ff: 4KB, 2GB), double via ostream (0.8, 0.1).
// Sources per tag: src/master/flags.cpp, src/slave/flags.cpp, src/logging/flags.cpp, FlagsBase() adds "help".
// Build assumptions: Mesosphere mesos-deb-packaging build_mesos configure_opts = --prefix=/usr --enable-optimize
// --with-boost=/usr/include/boost --disable-python-dependency-install (no --enable-ssl, no port-mapping/network-ports/
// XFS/seccomp isolators) => PKGLIBEXECDIR=/usr/libexec/mesos, PKGDATADIR=/usr/share/mesos; agent runs as root on Linux
// with the freezer cgroup (launcher="linux"), os::temp()=/tmp (TMPDIR unset), /var/run writable (runtime_dir).
// Holes: {fqdn} host FQDN; {zk} the full ZooKeeper URL "zk://<ip>:2181,<ip>:2181,<ip>:2181/mesos"; {cluster} cluster name.
// ({ip} is not needed: the package sets no --ip, so "ip" (an Option) is not printed.)

export type MesosVersion = "1.9.0" | "1.10.0" | "1.11.0";
type Flags = [name: string, value: string][];

/** stout's order: byte-wise by flag name */
const sorted = (flags: Flags): Flags => [...flags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** the master's flags in 1.9.0 and 1.10.0 (defaults are the same in all three versions) */
const MASTER_1_9: Flags = [
  ["agent_ping_timeout", "15secs"],
  ["agent_reregister_timeout", "10mins"],
  ["allocation_interval", "1secs"],
  ["allocator", "hierarchical"],
  ["authenticate_agents", "false"],
  ["authenticate_frameworks", "false"],
  ["authenticate_http_frameworks", "false"],
  ["authenticate_http_readonly", "false"],
  ["authenticate_http_readwrite", "false"],
  ["authentication_v0_timeout", "15secs"],
  ["authenticators", "crammd5"],
  ["authorizers", "local"],
  ["cluster", "{cluster}"],
  ["filter_gpu_resources", "true"],
  ["framework_sorter", "drf"],
  ["help", "false"],
  ["hostname", "{fqdn}"],
  ["hostname_lookup", "true"],
  ["http_authenticators", "basic"],
  ["initialize_driver_logging", "true"],
  ["log_auto_initialize", "true"],
  ["log_dir", "/var/log/mesos"],
  ["logbufsecs", "0"],
  ["logging_level", "INFO"],
  ["max_agent_ping_timeouts", "5"],
  ["max_completed_frameworks", "50"],
  ["max_completed_tasks_per_framework", "1000"],
  ["max_operator_event_stream_subscribers", "1000"],
  ["max_unreachable_tasks_per_framework", "1000"],
  ["memory_profiling", "false"],
  ["min_allocatable_resources", "cpus:0.01|mem:32"],
  ["port", "5050"],
  ["publish_per_framework_metrics", "true"],
  ["quiet", "false"],
  ["quorum", "2"],
  ["recovery_agent_removal_limit", "100%"],
  ["registry", "replicated_log"],
  ["registry_fetch_timeout", "1mins"],
  ["registry_gc_interval", "15mins"],
  ["registry_max_agent_age", "2weeks"],
  ["registry_max_agent_count", "102400"],
  ["registry_store_timeout", "20secs"],
  ["registry_strict", "false"],
  ["require_agent_domain", "false"],
  ["role_sorter", "drf"],
  ["root_submissions", "true"],
  ["version", "false"],
  ["webui_dir", "/usr/share/mesos/webui"],
  ["work_dir", "/var/lib/mesos"],
  ["zk", "{zk}"],
  ["zk_session_timeout", "10secs"],
];

/** the agent's flags in 1.9.0 */
const AGENT_1_9: Flags = [
  ["appc_simple_discovery_uri_prefix", "http://"],
  ["appc_store_dir", "/tmp/mesos/store/appc"],
  ["authenticate_http_readonly", "false"],
  ["authenticate_http_readwrite", "false"],
  ["authenticatee", "crammd5"],
  ["authentication_backoff_factor", "1secs"],
  ["authentication_timeout_max", "1mins"],
  ["authentication_timeout_min", "5secs"],
  ["authorizer", "local"],
  ["cgroups_cpu_enable_pids_and_tids_count", "false"],
  ["cgroups_destroy_timeout", "1mins"],
  ["cgroups_enable_cfs", "false"],
  ["cgroups_hierarchy", "/sys/fs/cgroup"],
  ["cgroups_limit_swap", "false"],
  ["cgroups_root", "mesos"],
  ["container_disk_watch_interval", "15secs"],
  ["containerizers", "mesos,docker"],
  ["default_role", "*"],
  ["disallow_sharing_agent_ipc_namespace", "false"],
  ["disallow_sharing_agent_pid_namespace", "false"],
  ["disk_watch_interval", "1mins"],
  ["docker", "docker"],
  ["docker_ignore_runtime", "false"],
  ["docker_kill_orphans", "true"],
  ["docker_registry", "https://registry-1.docker.io"],
  ["docker_remove_delay", "6hrs"],
  ["docker_socket", "/var/run/docker.sock"],
  ["docker_stop_timeout", "0ns"],
  ["docker_store_dir", "/tmp/mesos/store/docker"],
  ["docker_volume_checkpoint_dir", "/var/run/mesos/isolators/docker/volume"],
  ["docker_volume_chown", "false"],
  ["enforce_container_disk_quota", "false"],
  ["executor_registration_timeout", "1mins"],
  ["executor_reregistration_timeout", "2secs"],
  ["executor_shutdown_grace_period", "5secs"],
  ["fetcher_cache_dir", "/tmp/mesos/fetch"],
  ["fetcher_cache_size", "2GB"],
  ["fetcher_stall_timeout", "1mins"],
  ["frameworks_home", ""],
  ["gc_delay", "1weeks"],
  ["gc_disk_headroom", "0.1"],
  ["gc_non_executor_container_sandboxes", "false"],
  ["help", "false"],
  ["hostname", "{fqdn}"],
  ["hostname_lookup", "true"],
  ["http_command_executor", "false"],
  ["http_heartbeat_interval", "30secs"],
  ["initialize_driver_logging", "true"],
  ["isolation", "cgroups/cpu,cgroups/mem,filesystem/linux,docker/runtime"],
  ["launcher", "linux"],
  ["launcher_dir", "/usr/libexec/mesos"],
  ["log_dir", "/var/log/mesos"],
  ["logbufsecs", "0"],
  ["logging_level", "INFO"],
  ["master", "{zk}"],
  ["max_completed_executors_per_framework", "150"],
  ["memory_profiling", "false"],
  ["network_cni_metrics", "true"],
  ["network_cni_root_dir_persist", "false"],
  ["oversubscribed_resources_interval", "15secs"],
  ["perf_duration", "10secs"],
  ["perf_interval", "1mins"],
  ["port", "5051"],
  ["qos_correction_interval_min", "0ns"],
  ["quiet", "false"],
  ["reconfiguration_policy", "equal"],
  ["recover", "reconnect"],
  ["recovery_timeout", "15mins"],
  ["registration_backoff_factor", "1secs"],
  ["revocable_cpu_low_priority", "true"],
  ["runtime_dir", "/var/run/mesos"],
  ["sandbox_directory", "/mnt/mesos/sandbox"],
  ["strict", "true"],
  ["switch_user", "true"],
  ["systemd_enable_support", "true"],
  ["systemd_runtime_directory", "/run/systemd/system"],
  ["version", "false"],
  ["work_dir", "/var/lib/mesos"],
  ["zk_session_timeout", "10secs"],
];

export const MASTER_FLAGS: Record<MesosVersion, Flags> = {
  "1.9.0": MASTER_1_9,
  "1.10.0": MASTER_1_9,
  // 1.11.0 adds the allocator recovery and offer-constraint flags
  "1.11.0": sorted([
    ...MASTER_1_9,
    ["allocator_agent_recovery_factor", "0.8"],
    ["allocator_recovery_timeout", "10mins"],
    ["offer_constraints_re2_max_mem", "4KB"],
    ["offer_constraints_re2_max_program_size", "100"],
  ]),
};

// 1.10.0 adds http_executor_domain_sockets; 1.11.0's new csi_plugin_config_dir is an Option (not printed)
const AGENT_1_10 = sorted([...AGENT_1_9, ["http_executor_domain_sockets", "false"]]);
export const AGENT_FLAGS: Record<MesosVersion, Flags> = { "1.9.0": AGENT_1_9, "1.10.0": AGENT_1_10, "1.11.0": AGENT_1_10 };
