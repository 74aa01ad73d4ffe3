// What "New lab" and "New quiz" start from: a complete, valid definition the author edits.
import type { ItemKind } from "@/lib/schemas/content";

export function starterSource(kind: "quiz" | "lab", slug: string, title: string): string {
  const t = JSON.stringify(title);
  if (kind === "quiz")
    return `kind: quiz
slug: ${slug}
title: ${t}
summary: What this quiz checks, in a sentence or two.
lesson: kubernetes-vs-mesos
passMark: 0.8
questions:
  - id: first-question
    type: single
    prompt: Which component elects the leading Mesos master?
    options:
      - id: zookeeper
        text: ZooKeeper
      - id: etcd
        text: etcd
    answer: zookeeper
    explanation: Mesos masters elect their leader through ZooKeeper; Kubernetes uses etcd leases.
`;
  return `kind: lab
slug: ${slug}
title: ${t}
summary: What the learner investigates, in a sentence or two.
dataset:
  generator: mesos-hunt
  targetEvents: 200000
briefing: |
  **Ticket.** Describe the situation the learner is in and what they must find.
  Every event is in the table \`logs\` (id, ts, host, service, level, message, raw, fields).
writeup: |
  The intended path, step by step, with the queries that answer each task.
tasks:
  - id: version
    title: The version they run
    type: text
    truth: mesosVersion
    normalise: version
    points: 10
    prompt: Which Apache Mesos version do the masters run?
    explanation: The masters print their version in the start-up banner from main.cpp.
    hints:
      - title: Where the banner is
        cost: 2
        content: Search the masters' lines for a version banner.
`;
}

export const FILE_EXT: Record<ItemKind, string> = { lesson: "md", quiz: "yaml", lab: "yaml" };
export const FOLDER: Record<ItemKind, string> = { lesson: "lessons", quiz: "quizzes", lab: "labs" };
