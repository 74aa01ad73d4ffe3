// Marathon v1.10.26 (logback "[%date] %-5level %message \(%logger:%thread\)%n", the pattern in
// src/main/resources/logback.xml). `file` is the logger name the line prints; the source line is
// evidence only (logback's pattern prints none).
import type { ExactTemplate } from "./types";

const m = (logger: string, path: string, line: number, text: string, level: "INFO" | "WARN" = "INFO", note?: string): ExactTemplate => ({
  kind: "exact",
  level,
  text,
  file: logger,
  evidence: { repo: "mesosphere/marathon", tags: ["v1.10.26"], path: `src/main/scala/mesosphere/marathon/${path}`, line },
  ...(note ? { note } : {}),
});
const APP = "mesosphere.marathon.MarathonApp";
const ELECT = "mesosphere.marathon.core.election.CuratorElectionStream$";
const DM = "mesosphere.marathon.core.deployment.impl.DeploymentManagerActor";

export const MARATHON_TEMPLATES = {
  "marathon.libmesos": m(
    APP,
    "Main.scala",
    40,
    "Successfully loaded libmesos: version {{version}}",
    "INFO",
    "in the MarathonApp constructor, so before 'Starting Marathon'",
  ),
  "marathon.starting": m(
    APP,
    "Main.scala",
    82,
    "Starting Marathon {{version}}/{{buildref}}",
    "INFO",
    "buildref is the manifest's Git-Commit (BuildInfo.scala)",
  ),
  "marathon.allUp": m(APP, "Main.scala", 131, "All services up and running."),
  "marathon.shuttingDown": m(APP, "Main.scala", 137, "Shutting down services"),
  "marathon.waiting": m(APP, "Main.scala", 144, "Waiting for services to shut down"),
  "marathon.closingLatch": m(ELECT, "core/election/CuratorElectionStream.scala", 94, "Closing leader latch"),
  "marathon.startingLatch": m(ELECT, "core/election/CuratorElectionStream.scala", 110, "Starting leader latch"),
  "marathon.leaderWon": m(ELECT, "core/election/CuratorElectionStream.scala", 60, "Leader won: {{hostPort}}"),
  "marathon.leaderDefeated": m(ELECT, "core/election/CuratorElectionStream.scala", 64, "Leader defeated. Current leader: {{hostPort}}"),
  "marathon.runningDriver": m("mesosphere.marathon.MarathonSchedulerService", "MarathonSchedulerService.scala", 201, "As new leader running the driver"),
  "marathon.registered": m("mesosphere.marathon.MarathonScheduler", "MarathonScheduler.scala", 41, "Registered as {{frameworkId}} to master '{{masterId}}'"),
  "marathon.reregistered": m(
    "mesosphere.marathon.MarathonScheduler",
    "MarathonScheduler.scala",
    51,
    "Re-registered to {{masterInfo}}",
    "INFO",
    "the MasterInfo protobuf's toString(): Java protobuf text format, several lines",
  ),
  "marathon.masterVersion": m("mesosphere.marathon.MarathonScheduler", "MarathonScheduler.scala", 145, "Mesos Master version {{version}}"),
  "marathon.disconnected": m("mesosphere.marathon.MarathonScheduler", "MarathonScheduler.scala", 101, "Disconnected", "WARN"),
  "marathon.planReceived": m(
    DM,
    "core/deployment/impl/DeploymentManagerActor.scala",
    225,
    "Received new deployment plan {{plan}} for {{targets}}, no conflicts detected",
  ),
  "marathon.planStored": m(DM, "core/deployment/impl/DeploymentManagerActor.scala", 230, "Stored new deployment plan {{plan}} for {{targets}}"),
  "marathon.launchingDeployment": m(DM, "core/deployment/impl/DeploymentManagerActor.scala", 172, "Launching DeploymentActor for {{plan}} for {{targets}}"),
  "marathon.instancesReady": m(
    "mesosphere.marathon.core.deployment.impl.TaskReplaceActor",
    "core/deployment/impl/TaskReplaceActor.scala",
    249,
    "Deployment {{plan}}: All new instances for {{app}} are ready and all old instances have been killed",
  ),
  "marathon.planRemoved": m(DM, "core/deployment/impl/DeploymentManagerActor.scala", 165, "Removing {{plan}} for {{targets}} from list of running deployments"),
} satisfies Record<string, ExactTemplate>;
