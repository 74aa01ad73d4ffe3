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
const START = "mesosphere.marathon.core.deployment.impl.TaskStartActor";

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
  // the REST API's access log: Jetty 9.4.8's NCSARequestLog (extended format, latency on) handed to
  // slf4j by JettyRequestLog, so each request is one Marathon line on a Jetty pool thread
  "marathon.request": m(
    "mesosphere.marathon.api.JettyRequestLog",
    "api/JettyRequestLog.scala",
    14,
    '{{addr}} - {{user}} [{{date}}] "{{method}} {{uri}} HTTP/1.1" {{status}} {{bytes}} "-" "{{agent}}" {{latency}}',
    "INFO",
    "the entry is built by Jetty 9.4.8's AbstractNCSARequestLog.log (eclipse/jetty.project, the version project/Dependencies.scala pins): remote address, ' - ', the authenticated user or '-', the request time as dd/MMM/yyyy:HH:mm:ss Z in GMT, the request line, status, bytes written, then (NCSARequestLog is extended) referer and user agent, then the latency in ms (setLogLatency(true))",
  ),
  "marathon.startZero": m(
    "mesosphere.marathon.core.deployment.impl.DeploymentActor",
    "core/deployment/impl/DeploymentActor.scala",
    148,
    "Starting 0 instances of the {{app}} was immediately successful",
    "INFO",
    "the StartApplication step of a new app's plan (instances follow in its ScaleApplication step)",
  ),
  "marathon.startAbout": m(
    START,
    "core/deployment/impl/TaskStartActor.scala",
    98,
    "TaskStartActor about to start {{target}} instances. {{launched}} already launched, {{scaleTo}} is target count",
  ),
  "marathon.startInit": m(START, "core/deployment/impl/TaskStartActor.scala", 105, "TaskStartActor: initializing for {{app}} and toStart: {{toStart}}"),
  "marathon.startDone": m(
    START,
    "core/deployment/impl/TaskStartActor.scala",
    116,
    "Successfully started Future(Success({{count}})) instances of {{app}}",
    "INFO",
    "the source interpolates nrToStart, a Future[Int]: Scala 2.13's completed Future prints as Future(Success(n))",
  ),
  "marathon.matchedOffer": m(
    "mesosphere.marathon.core.launchqueue.impl.TaskLauncherActor",
    "core/launchqueue/impl/TaskLauncherActor.scala",
    320,
    "Matched offer {{offer}} for run spec {{app}}.",
  ),
} satisfies Record<string, ExactTemplate>;
