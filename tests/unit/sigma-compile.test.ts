// The Sigma compiler, judged by running what it writes: every compiled query goes through the
// lab's allow-list (checkTree on DuckDB's own parse) and then runs against a small `logs` table
// with the lab's columns, and the test names exactly the ids it must return. Rules come from the
// Sigma specification's own examples (github.com/SigmaHQ/sigma-specification, public domain),
// adapted to our field names and logsources where needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { checkTree } from "@/lib/server/lab-engine/allowlist";
import { compileSigma, LIMITS, MAX_CONDITION_DEPTH, MAX_REGEXES, type Problem } from "@/lib/sigma";

const y = String.raw;

// [id, host, service, level, message, fields]; ts and raw are derived
type Row = [number, string | null, string | null, string, string, Record<string, string>];
const ROWS: Row[] = [
  [1, "web-1", "sshd", "INFO", "Failed password for root from 10.1.2.3 port 22 ssh2", { pid: "811", src_ip: "10.1.2.3", user: "root" }],
  [2, "web-1", "sshd", "INFO", "Accepted publickey for deploy from 192.168.1.20 port 50022 ssh2", { pid: "812", src_ip: "192.168.1.20", user: "deploy" }],
  [3, "web-2", "sshd", "WARN", "Invalid user admin from 2001:db8::17 port 4242", { pid: "901", src_ip: "2001:db8::17", user: "admin" }],
  [4, "web-2", "sshd", "INFO", "FAILED PASSWORD for Admin from 172.16.5.4 port 2222 ssh2", { pid: "902", src_ip: "172.16.5.4", user: "Admin" }],
  [5, "web-1", "CRON", "INFO", "(root) CMD (/usr/local/bin/backup.sh)", { pid: "1001", user: "root" }],
  [6, "web-1", "systemd", "INFO", "Started Session 42 of user deploy.", { unit: "session-42.scope" }],
  [7, "web-1", "systemd-logind", "INFO", "New session 42 of user deploy.", {}],
  [8, "web-3", "dpkg", "INFO", "status installed nmap:amd64 7.80+dfsg1-2", {}],
  [9, "master-1", "mesos-master", "INFO", "Received SUBSCRIBE call for framework marathon at scheduler-1@10.0.4.2:15101", { file: "master.cpp", line: "2488" }],
  [10, "agent-1", "mesos-agent", "WARN", "Launching task web.1234 for framework 5f6c-0001", { file: "slave.cpp", line: "2102" }],
  [
    11,
    "master-1",
    "marathon",
    "ERROR",
    "Received status update for task web.1234: TASK_FAILED",
    { thread: "ForkJoinPool-2", logger: "mesosphere.marathon.MarathonScheduler" },
  ],
  [12, "lb-1", "marathon-lb", "INFO", "reconfiguring haproxy", {}],
  [13, "node-1", "kubelet", "ERROR", 'Failed to pull image "evil.example/miner:latest"', { file: "kuberuntime_manager.go", line: "1060" }],
  [14, "cp-1", "kube-apiserver", "WARN", "audit: user system:anonymous GET /api/v1/secrets", { caller: "audit.go:42", src_ip: "FE80::1" }],
  [15, "cp-1", "etcd", "WARN", "slow request took 1.2s", {}],
  [16, "zk-1", "zookeeper", "INFO", "Accepted socket connection from /172.16.5.4:40000", {}],
  [17, "lb-1", "haproxy", "INFO", "203.0.113.9:51234 [09/Jun/2026:10:00:00.000] fe be/srv 0/0/1/2/3 200 512", { src_ip: "203.0.113.9" }],
  [18, "web-3", "systemd", "INFO", "Starting EvilService: svchost.exe -n evil", {}],
  [19, null, "containerd", "INFO", "it's 100% done_ok", {}],
  [20, "web-3", "dpkg", "INFO", y`literal * star and ? mark and \ backslash`, {}],
  [21, "ws-1", "systemd", "INFO", "Ärger: ÄÖÜ", {}],
  [22, "ws-1", "systemd", "INFO", "line one\nline two", {}],
  [23, "web-1", "sshd", "INFO", "pam_unix(sshd:session): session opened", { tag: "" }],
  // the specification's examples are about Windows events: their fields live in the map
  [24, "win-1", null, "INFO", "process created", { Image: y`C:\Windows\System32\whoami.exe`, EventID: "1" }],
  [25, "win-1", null, "INFO", "process created", { Image: y`D:\Tools\example.exe` }],
  [26, "win-1", null, "INFO", "process created", { Description: "A Test executable for QA" }],
  [27, "win-1", null, "INFO", "event", { EventLog: "Security", EventID: "517" }],
  [28, "win-1", null, "INFO", "event", { EventLog: "Security", EventID: "1102" }],
  [29, "win-1", null, "INFO", "event", { EventLog: "System", EventID: "517" }],
  [30, "win-1", null, "INFO", "event", { EventLog: "Security", EventID: "4769", TicketOptions: "0x40810000", TicketEncryption: "0x17" }],
  [31, "win-1", null, "INFO", "event", { EventID: "4738", PasswordLastSet: "2026-06-01" }],
  [32, "win-1", null, "INFO", "event", { EventID: "4738" }],
  [33, "win-1", null, "INFO", "event", { FieldA: "something", FieldB: "" }],
  [34, "win-1", null, "INFO", "event", { FieldA: "something" }],
  [35, "win-1", null, "INFO", "event", { FieldA: "something", FieldB: "x" }],
  [36, "win-1", null, "INFO", "mimikatz event::clear", {}],
  [37, "win-1", null, "INFO", "Set-OabVirtualDirectory -ExternalUrl https://evil", {}],
  [38, "win-1", null, "INFO", "Set-OabVirtualDirectory -InternalUrl x", {}],
  [39, "win-1", null, "INFO", "process created", { Image: "progA.exe" }],
  [40, "win-1", null, "INFO", "process created", { Image: "progAB.exe" }],
  [41, "win-1", null, "INFO", "process created", { Image: "antivirus_V21.2.1.exe" }],
  // Sigma's escapes, against the field p
  [42, "esc", null, "INFO", "x", { p: "a*b" }],
  [43, "esc", null, "INFO", "x", { p: "axyzb" }],
  [44, "esc", null, "INFO", "x", { p: y`a\b` }],
  [45, "esc", null, "INFO", "x", { p: y`a\xyzb` }],
  [46, "esc", null, "INFO", "x", { p: y`a\*b` }],
  [47, "esc", null, "INFO", "x", { p: y`a\\b` }],
  [48, "esc", null, "INFO", "x", { p: "a?b" }],
  [49, "esc", null, "INFO", "x", { p: "aXb" }],
  [50, "win-1", null, "INFO", "process created", { Image: "antivirusXV1.exe" }],
];
const ALL = ROWS.map((r) => r[0]);
const except = (...ids: number[]) => ALL.filter((id) => !ids.includes(id));

let instance: DuckDBInstance;
let conn: DuckDBConnection;
const sqlText = (v: string | null) => (v === null ? "NULL" : `'${v.replaceAll("'", "''")}'`);

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run(
    "CREATE TABLE logs (id BIGINT, ts TIMESTAMP, host VARCHAR, service VARCHAR, level VARCHAR, message VARCHAR, raw VARCHAR, fields MAP(VARCHAR, VARCHAR))",
  );
  const values = ROWS.map(([id, host, service, level, message, fields]) => {
    const map = `MAP {${Object.entries(fields)
      .map(([k, v]) => `${sqlText(k)}: ${sqlText(v)}`)
      .join(", ")}}`;
    const ts = `TIMESTAMP '2026-06-09 10:00:00' + INTERVAL ${id} SECOND`;
    return `(${id}, ${ts}, ${sqlText(host)}, ${sqlText(service)}, ${sqlText(level)}, ${sqlText(message)}, ${sqlText(`${host ?? "-"} ${service ?? "-"}: ${message}`)}, ${map})`;
  });
  await conn.run(`INSERT INTO logs VALUES ${values.join(", ")}`);
});
afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

const dedent = (s: string) => {
  const lines = s
    .replace(/^\n/, "")
    .replace(/\n\s*$/, "")
    .split("\n");
  const n = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(n)).join("\n");
};

/** A rule around a detection block; the detection's own lines start at line 4 (line 4 + head lines). */
const rule = (detection: string, { logsource = "{}", head = "" } = {}) =>
  `title: Test rule\n${head}logsource: ${logsource}\ndetection:\n${dedent(detection)
    .split("\n")
    .map((l) => (l ? `    ${l}` : l))
    .join("\n")}\n`;

/** Compiles, proves the SQL passes the lab's allow-list, runs it and returns the ids. */
async function run(source: string): Promise<number[]> {
  const result = compileSigma(source);
  if (!result.ok) throw new Error(`expected the rule to compile: ${JSON.stringify(result.problems)}`);
  const tree = JSON.parse((await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [result.sql])).getRows()[0][0] as string) as unknown;
  expect(checkTree(tree, result.sql), result.sql).toBeUndefined();
  const rows = (await conn.runAndReadAll(result.sql)).getRows();
  return rows.map((r) => Number(r[0]));
}
const ids = (detection: string, opts?: { logsource?: string; head?: string }) => run(rule(detection, opts));

function problems(source: string): Problem[] {
  const result = compileSigma(source);
  if (result.ok) throw new Error(`expected the rule to be refused, got ${result.sql}`);
  return result.problems;
}
/** The one problem whose message contains `text` (there must be one). */
function problem(source: string, text: string | RegExp): Problem {
  const all = problems(source);
  const found = all.filter((p) => (typeof text === "string" ? p.message.includes(text) : text.test(p.message)));
  expect(found, JSON.stringify(all)).toHaveLength(1);
  return found[0];
}

describe("the specification's examples", () => {
  it("compiles the simple rule example (Whoami Execution), adapted to product linux", async () => {
    const source = `title: Whoami Execution
description: Detects a whoami.exe execution
references:
      - https://speakerdeck.com/heirhabarov/hunting-for-privilege-escalation-in-windows-environment
author: Florian Roth
date: 2019-10-23
logsource:
    product: linux
detection:
    selection:
        Image: 'C:\\Windows\\System32\\whoami.exe'
    condition: selection
level: high
`;
    const result = compileSigma(source);
    expect(result).toMatchObject({ ok: true, rule: { title: "Whoami Execution", level: "high", logsource: { product: "linux" } } });
    // the Windows event is not in the Linux logs: the logsource restricts
    expect(await run(source)).toEqual([]);
    expect(await run(source.replace("    product: linux\n", "    definition: any\n"))).toEqual([24]);
  });

  it("accepts the schema test rules and refuses their Windows / category logsources by name", async () => {
    const rule1 = `title: A Title
id: 545a5da6-f103-4919-a519-e9aec1026ee4
related:
    - id: 6c82cf5c-090d-4d57-9188-533577631108
      type: similar
status: test
description: a very good information string that need to be written
references:
    - https://123.456
    - https://789.963
author: SomeOne
date: 2017-05-09
modified: 2023-04-14
tags:
    - attack.defense-evasion
    - attack.t1211
    - attack.t1562.001
logsource:
    product: windows
    service: application
detection:
    selection:
        Provider_Name: 'Application Error'
    condition: selection
falsepositives:
    - a string
level: high
`;
    expect(problems(rule1)).toEqual([
      {
        message: expect.stringContaining('unknown logsource product "windows" (known: linux, mesos, marathon, zookeeper, kubernetes)'),
        line: 19,
        column: 14,
        path: "logsource.product",
      },
    ]);
    const adapted = compileSigma(rule1.replace("product: windows\n    service: application", "product: linux"));
    expect(adapted).toMatchObject({ ok: true, rule: { id: "545a5da6-f103-4919-a519-e9aec1026ee4", title: "A Title", level: "high" } });

    const ecs = `title: A Title
id: 545a5da6-f103-4919-a519-e9aec1026ee4
status: test
description: a very good information string that need to be written
author: SomeOne
date: 2017-05-09
taxonomy: ecs
logsource:
    category: network
    service: dns
detection:
    selection:
        dns.question.name: 'sigmahq'
    condition: selection
level: high
`;
    expect(problem(ecs, "category").message).toContain('logsource category "network" is not supported here');
    expect(await run(ecs.replace("    category: network\n    service: dns\n", "    service: haproxy\n"))).toEqual([]);
  });

  it("lists of strings are keywords, ORed, searched in the message", async () => {
    expect(
      await ids(`
        keywords:
            - 'EVILSERVICE'
            - 'svchost.exe -n evil'
        condition: keywords
      `),
    ).toEqual([18]);
    expect(
      await ids(`
        mimikatz_keywords:
            - 'event::clear'
            - 'event::drop'
        condition: mimikatz_keywords
      `),
    ).toEqual([36]);
  });

  it("'|all' ANDs keywords", async () => {
    const detection = `
      keywords_cmdlet:
          '|all':
              - 'OabVirtualDirectory'
              - ' -ExternalUrl '
      condition: keywords_cmdlet
    `;
    expect(await ids(detection)).toEqual([37]);
    expect(await ids(detection.replace("'|all':", "'|contains':"))).toEqual([37, 38]);
  });

  it("lists of maps are ORed", async () => {
    expect(
      await ids(y`
        selection:
            - Image|endswith: '\\example.exe'
            - Description|contains: 'Test executable'
        condition: selection
      `),
    ).toEqual([25, 26]);
  });

  it("maps AND their fields, a list of values ORs", async () => {
    expect(
      await ids(`
        selection:
            EventLog: Security
            EventID:
                - 517
                - 1102
        condition: selection
      `),
    ).toEqual([27, 28]);
    expect(
      await ids(`
        selection:
              EventLog: Security
              EventID: 4769
              TicketOptions: '0x40810000'
              TicketEncryption: '0x17'
        condition: selection
      `),
    ).toEqual([30]);
  });

  it("a number matches as written (0x17 is not read as 23)", async () => {
    expect(
      await ids(`
        selection:
            TicketEncryption: 0x17
        condition: selection
      `),
    ).toEqual([30]);
  });

  it("null matches a missing field; not null is a negated selection", async () => {
    expect(
      await ids(`
        selection:
            EventID: 4738
        filter:
            PasswordLastSet: null
        condition: selection and not filter
      `),
    ).toEqual([31]);
    expect(
      await ids(`
        selection_main:
            FieldA: 'something'
        selection_empty1:
            FieldB: ''
        selection_empty2:
            FieldB: null
        condition: selection_main and 1 of selection_empty*
      `),
    ).toEqual([33, 34]);
  });

  it("refuses null inside a list of values (the specification's invalid example)", () => {
    const p = problem(
      rule(`
        selection_main:
            FieldA: 'something'
            FieldB:
                - ''
                - null
        condition: selection_main
      `),
      "null cannot be part of a list",
    );
    expect(p).toMatchObject({ line: 6, column: 9, path: "detection.selection_main.FieldB" });
  });

  it("exists checks the presence of a field, whatever its value", async () => {
    expect(
      await ids(`
        selection:
            EventID: 4738
            PasswordLastSet|exists: true
        condition: selection
      `),
    ).toEqual([31]);
    expect(await ids("sel:\n    tag|exists: true\ncondition: sel")).toEqual([23]);
    expect(await ids("sel:\n    service: sshd\n    user|exists: false\ncondition: sel")).toEqual([23]);
    expect(await ids("sel:\n    host|exists: false\ncondition: sel")).toEqual([19]);
  });

  it("wildcards ? and * (prog?.exe, antivirus_V*.exe), with _ and % literal", async () => {
    expect(await ids("sel:\n    Image: prog?.exe\ncondition: sel")).toEqual([39]);
    expect(await ids("sel:\n    Image: antivirus_V*.exe\ncondition: sel")).toEqual([41]);
  });

  it("follows the escape table of the specification", async () => {
    const p = async (value: string) => ids(`sel:\n    p: '${value}'\ncondition: sel`);
    expect(await p(y`a\*b`)).toEqual([42]);
    expect(await p("a*b")).toEqual([42, 43, 44, 45, 46, 47, 48, 49]);
    expect(await p(y`a\\*b`)).toEqual([44, 45, 46, 47]);
    expect(await p(y`a\\\*b`)).toEqual([46]);
    expect(await p(y`a\\\\b`)).toEqual([47]);
    expect(await p(y`a\\\b`)).toEqual([47]);
    expect(await p(y`a\b`)).toEqual([44]);
    expect(await p(y`a\\b`)).toEqual([44]);
    expect(await p(y`a\?b`)).toEqual([48]);
    expect(await p("a?b")).toEqual([42, 44, 48, 49]);
  });

  it("runs the condition examples", async () => {
    const detection = (condition: string) => `
      selection1:
          user: root
      selection2:
          user: admin
      keywords1:
          - 'failed password'
      keywords2:
          - 'invalid user'
      filters:
          service: CRON
      condition: ${condition}
    `;
    expect(await ids(detection("keywords1 or keywords2"))).toEqual([1, 3, 4]);
    expect(await ids(detection("selection1 and (keywords1 or keywords2)"))).toEqual([1]);
    expect(await ids(detection("all of selection*"))).toEqual([]);
    expect(await ids(detection("1 of selection* and keywords1"))).toEqual([1, 4]);
    expect(await ids(detection("1 of selection* and not 1 of filter*"))).toEqual([1, 3, 4]);
    expect(await ids(detection("selection1 and not filters"))).toEqual([1]);
    expect(await ids(detection("1 of them"))).toEqual([1, 3, 4, 5]);
    expect(await ids(detection("all of them"))).toEqual([]);
  });
});

describe("modifiers", () => {
  const one = (field: string, value: string) => ids(`sel:\n    ${field}: ${value}\ncondition: sel`);

  it("matches case-insensitively by default and exactly with cased", async () => {
    expect(await one("message", "'new SESSION 42 of user deploy.'")).toEqual([7]);
    expect(await one("user", "admin")).toEqual([3, 4]);
    expect(await one("user|cased", "Admin")).toEqual([4]);
    expect(await one("Hostname", "WEB-1")).toEqual([1, 2, 5, 6, 7, 23]);
    expect(await one("level", "warn")).toEqual([3, 10, 14, 15]);
    expect(await one("message|contains", "'ärger'")).toEqual([21]);
    expect(await one("message|contains|cased", "'Ärger'")).toEqual([21]);
    expect(await one("message|contains|cased", "'ärger'")).toEqual([]);
  });

  it("contains, startswith, endswith (and their cased forms)", async () => {
    expect(await one("message|contains", "failed password")).toEqual([1, 4]);
    expect(await one("message|contains|cased", "Failed password")).toEqual([1]);
    expect(await one("message|startswith", "accepted")).toEqual([2, 16]);
    expect(await one("message|startswith|cased", "accepted")).toEqual([]);
    expect(await one("message|endswith", "SSH2")).toEqual([1, 2, 4]);
    expect(await one("message|endswith|cased", "SSH2")).toEqual([]);
    expect(await one("Message|contains", "'session 42 of user'")).toEqual([6, 7]);
  });

  it("keeps %, _, quotes and escaped wildcards literal", async () => {
    expect(await one("message|contains", "'100%'")).toEqual([19]);
    expect(await one("message|contains", "'100_'")).toEqual([]);
    expect(await one("message|contains", `"it's"`)).toEqual([19]);
    expect(await one("message", "'*100% done?ok'")).toEqual([19]);
    expect(await one("message|contains", y`'literal \* star and \? mark and \ backslash'`)).toEqual([20]);
    expect(await one("message|contains", "'literal * mark'")).toEqual([20]);
    expect(await one("Image", "antivirus_V*")).toEqual([41]);
  });

  it("all ANDs a list of values", async () => {
    expect(await one("message|contains|all", "[failed, password]")).toEqual([1, 4]);
    expect(await one("message|contains|all", "[session, deploy]")).toEqual([6, 7]);
    expect(await one("message|contains", "[session, deploy]")).toEqual([2, 6, 7, 23]);
    expect(await one("message|all|contains", "[session, 'deploy.']")).toEqual([6, 7]);
  });

  it("re searches with RE2, case-sensitively, with the i, m and s flags", async () => {
    expect(await one("message|re", "'^Failed (password|to pull)'")).toEqual([1, 13]);
    expect(await one("message|re|i", "'^failed password'")).toEqual([1, 4]);
    expect(await one("message|re", "'^line two$'")).toEqual([]);
    expect(await one("message|re|m", "'^line two$'")).toEqual([22]);
    expect(await one("message|re", "'one.line'")).toEqual([]);
    expect(await one("message|re|s", "'one.line'")).toEqual([22]);
    expect(await one("pid|re", String.raw`'^8\d\d$'`)).toEqual([1, 2]);
    expect(await one("message|re", "['^New', '^Started']")).toEqual([6, 7]);
    expect(await one("message|re|all", "['session', 'deploy']")).toEqual([7]);
  });

  it("cidr matches IPv4 ranges", async () => {
    expect(await one("src_ip|cidr", "10.0.0.0/8")).toEqual([1]);
    expect(await one("src_ip|cidr", "172.16.0.0/12")).toEqual([4]);
    expect(await one("src_ip|cidr", "[192.168.0.0/16, 203.0.113.0/24]")).toEqual([2, 17]);
    expect(await one("src_ip|cidr", "10.1.2.3")).toEqual([1]);
    expect(await one("src_ip|cidr", "10.1.2.2/31")).toEqual([1]);
    expect(await one("src_ip|cidr", "10.1.2.4/30")).toEqual([]);
    expect(await one("src_ip|cidr", "0.0.0.0/0")).toEqual([1, 2, 4, 17]);
    // the message holds addresses, but is not one
    expect(await one("message|cidr", "0.0.0.0/0")).toEqual([]);
  });

  it("cidr matches IPv6 ranges, written any way", async () => {
    expect(await one("src_ip|cidr", "'2001:db8::/32'")).toEqual([3]);
    expect(await one("src_ip|cidr", "'2001:0DB8:0000::/33'")).toEqual([3]);
    expect(await one("src_ip|cidr", "'2001:db8::17'")).toEqual([3]);
    expect(await one("src_ip|cidr", "'2001:db8::16/127'")).toEqual([3]);
    expect(await one("src_ip|cidr", "'2001:db8::18/127'")).toEqual([]);
    expect(await one("src_ip|cidr", "'fe80::/10'")).toEqual([14]);
    expect(await one("src_ip|cidr", "'::/0'")).toEqual([3, 14]);
    expect(await one("src_ip|cidr", "['::/0', 10.0.0.0/8]")).toEqual([1, 3, 14]);
  });

  it("null and empty values", async () => {
    expect(await one("tag", "''")).toEqual([23]);
    expect(await ids("sel:\n    service: sshd\n    tag: null\ncondition: sel")).toEqual([1, 2, 3, 4]);
    expect(await one("host", "null")).toEqual([19]);
    expect(await one("host", "~")).toEqual([19]);
  });

  it("maps Sigma field names to columns and the fields map", async () => {
    expect(await one("ComputerName", "zk-1")).toEqual([16]);
    expect(await one("hostname", "zk-1")).toEqual([16]);
    expect(await one("service", "etcd")).toEqual([15]);
    expect(await one("raw|contains", "'containerd: it'")).toEqual([19]);
    expect(await one("logger|endswith", "MarathonScheduler")).toEqual([11]);
    expect(await one("caller", "'audit.go:42'")).toEqual([14]);
    expect(await one("file|endswith", ".cpp")).toEqual([9, 10]);
    const sql = (compileSigma(rule("sel:\n    src_ip: x\n    Hostname: y\ncondition: sel")) as { sql: string }).sql;
    expect(sql).toContain("fields['src_ip']");
    expect(sql).toContain("lower(host)");
  });
});

describe("conditions", () => {
  const detection = (condition: string) => `
    failed:
        message|contains: 'failed password'
    invalid:
        message|contains: 'invalid user'
    root:
        user: root
    filter_admin:
        user: admin
    _hidden:
        message|contains: session
    condition: ${condition}
  `;
  const cond = (c: string) => ids(detection(c));

  it("and, or, not, brackets", async () => {
    expect(await cond("failed or invalid")).toEqual([1, 3, 4]);
    expect(await cond("failed and root")).toEqual([1]);
    expect(await cond("failed and not root")).toEqual([4]);
    expect(await cond("(failed or invalid) and not filter_admin")).toEqual([1]);
    expect(await cond("not not root")).toEqual([1, 5]);
    expect(await cond("not (failed or root)")).toEqual(except(1, 4, 5));
  });

  it("not is true where the field is missing (two-valued, as Sigma means it)", async () => {
    expect(await cond("not root")).toEqual(except(1, 5));
    expect(await ids("sel:\n    host: web-1\ncondition: not sel")).toEqual(except(1, 2, 5, 6, 7, 23));
  });

  it("binds or loosest, then and, then not, then x of", async () => {
    expect(await cond("failed or invalid and root")).toEqual([1, 4]);
    expect(await cond("(failed or invalid) and root")).toEqual([1]);
    expect(await cond("not failed and root")).toEqual([5]);
    expect(await cond("1 of f* and root")).toEqual([1]);
    expect(await cond("not 1 of f*")).toEqual(except(1, 3, 4));
    expect(await cond("root or failed and not root")).toEqual([1, 4, 5]);
  });

  it("1 of / all of: them skips names starting with _, patterns do not", async () => {
    expect(await cond("1 of them")).toEqual([1, 3, 4, 5]);
    expect(await cond("all of them")).toEqual([]);
    expect(await cond("1 of f*")).toEqual([1, 3, 4]);
    expect(await cond("all of f*")).toEqual([4]);
    expect(await cond("1 of _*")).toEqual([6, 7, 23]);
    expect(await cond("1 of *")).toEqual([1, 3, 4, 5, 6, 7, 23]);
    expect(await cond("1 of *ail*")).toEqual([1, 4]);
    expect(await cond("all of root")).toEqual([1, 5]);
  });

  it("reads keywords in any case", async () => {
    expect(await cond("failed AND NOT root")).toEqual([4]);
    expect(await cond("ALL OF f*")).toEqual([4]);
    expect(await cond("1 OF THEM")).toEqual([1, 3, 4, 5]);
  });

  it("refuses mistakes in the condition with their column", () => {
    // the condition is on line 14 of rule(); "condition: " starts at column 5 and is 11 characters
    expect(problem(rule(detection("failed and nosuch")), "unknown search identifier")).toMatchObject({ line: 14, column: 27 });
    expect(problem(rule(detection("'failed and nosuch'")), "unknown search identifier")).toMatchObject({ line: 14, column: 28 });
    expect(problem(rule(detection("1 of x*")), "no search identifier matches x*")).toMatchObject({ line: 14, column: 16 });
    expect(problem(rule(detection("2 of f*")), '"2 of" is not supported')).toMatchObject({ line: 14, column: 16 });
    expect(problem(rule(detection("failed and")), "ends too early")).toMatchObject({ line: 14 });
    expect(problem(rule(detection("(failed")), "missing )")).toMatchObject({ line: 14 });
    expect(problem(rule(detection("failed)")), "unbalanced )")).toMatchObject({ line: 14, column: 22 });
    expect(problem(rule(detection("failed root")), 'found "root"')).toMatchObject({ line: 14 });
    expect(problem(rule(detection("f*")), "needs 1 of or all of")).toMatchObject({ line: 14 });
    expect(problem(rule(detection("failed && root")), 'unexpected character "&"')).toMatchObject({ line: 14, column: 23 });
    problem(rule(detection("1 of (failed)")), "needs a search-identifier pattern");
  });

  it("refuses nesting deeper than the limit", async () => {
    const deep = (n: number) => `${"(".repeat(n)}root${")".repeat(n)}`;
    expect(await cond(deep(MAX_CONDITION_DEPTH - 1))).toEqual([1, 5]);
    problem(rule(detection(deep(MAX_CONDITION_DEPTH + 1))), `nested more than ${MAX_CONDITION_DEPTH} levels`);
    problem(rule(detection(`${"not ".repeat(MAX_CONDITION_DEPTH + 1)}root`)), `nested more than ${MAX_CONDITION_DEPTH} levels`);
  });

  it("refuses a condition longer than the limit", () => {
    problem(rule(detection(Array(900).fill("root").join(" or "))), "characters long; the limit is 4096");
  });

  it("refuses aggregations and the near operator by name", () => {
    expect(problem(rule(detection("failed | count() by host > 5")), "aggregation")).toMatchObject({ line: 14, column: 23 });
    problem(rule(detection("failed | near root")), "aggregation");
  });
});

describe("logsource", () => {
  const everything = (logsource: string) => ids("sel:\n    level|exists: true\ncondition: sel", { logsource });

  it("maps products and services to the service column", async () => {
    expect(await everything("{}")).toEqual(ALL);
    expect(await everything("{product: mesos}")).toEqual([9, 10]);
    expect(await everything("{product: linux}")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 18, 20, 21, 22, 23]);
    expect(await everything("{product: linux, service: sshd}")).toEqual([1, 2, 3, 4, 23]);
    expect(await everything("{product: linux, service: cron}")).toEqual([5]);
    expect(await everything("{product: kubernetes}")).toEqual([13, 14, 15, 19]);
    expect(await everything("{product: marathon}")).toEqual([11, 12]);
    expect(await everything("{product: zookeeper}")).toEqual([16]);
    expect(await everything("{service: haproxy}")).toEqual([17]);
    expect(await everything("{service: etcd, definition: 'etcd server logs'}")).toEqual([15]);
  });

  it("writes the restriction as the brief gives it", () => {
    const sql = (ls: string) => (compileSigma(rule("sel:\n    user: root\ncondition: sel", { logsource: ls })) as { sql: string }).sql;
    expect(sql("{product: mesos}")).toBe("SELECT id FROM logs WHERE service IN ('mesos-master', 'mesos-agent') AND lower(fields['user']) = 'root' ORDER BY id");
    expect(sql("{product: linux, service: sshd}")).toBe("SELECT id FROM logs WHERE service = 'sshd' AND lower(fields['user']) = 'root' ORDER BY id");
    expect(sql("{product: linux}")).toContain("service IN ('sshd', 'CRON', 'systemd', 'systemd-logind', 'dpkg')");
  });

  it("refuses unknown products and services, categories, and a service outside its product", () => {
    const src = (ls: string) => rule("sel:\n    user: root\ncondition: sel", { logsource: ls });
    expect(problem(src("{product: windows}"), "unknown logsource product")).toMatchObject({ line: 2, column: 22, path: "logsource.product" });
    expect(problem(src("{service: auditd}"), "unknown logsource service").message).toContain("(known: sshd, cron, systemd,");
    expect(problem(src("{category: process_creation, product: linux}"), "category").message).toContain("these logs have no categories");
    expect(problem(src("{product: kubernetes, service: sshd}"), "is not part of product").message).toBe(
      'logsource service "sshd" is not part of product "kubernetes" (its services: kubelet, kube-apiserver, kube-scheduler, kube-controller-manager, etcd, containerd)',
    );
    expect(problem(src('{product: "x\'; DROP TABLE logs; --"}'), "unknown logsource product").message).not.toContain("DROP");
  });
});

describe("refusals", () => {
  const field = (key: string, value = "x") => rule(`sel:\n    ${key}: ${value}\ncondition: sel`);

  it("names an unsupported modifier and lists the supported ones", () => {
    expect(problem(field("CommandLine|base64offset|contains", "evil"), "base64offset")).toEqual({
      message: 'modifier "base64offset" is not supported here (supported: contains, startswith, endswith, re (with i, m, s), cidr, all, exists, cased)',
      line: 5,
      column: 9,
      path: "detection.sel.CommandLine|base64offset|contains",
    });
    for (const m of ["windash", "fieldref", "neq", "gt", "expand", "base64", "utf16le", "wide", "minute"])
      problem(field(`f|${m}`), `modifier "${m}" is not supported`);
    problem(field("f|i"), "i is a flag of re: write re|i");
    problem(field("f|"), "empty modifier");
    problem(field("f|contains|contains"), "given twice");
    problem(field("f|contains|startswith"), "the modifiers contains and startswith cannot be combined");
    problem(field("f|re|cased"), "cased does not apply to re");
    problem(field("f|cidr|cased", "10.0.0.0/8"), "cased does not apply to cidr");
    problem(field("f|contains|all"), "all needs a list of at least two values");
    problem(field("f|exists", "yes"), "exists takes true or false");
    problem(field("f|exists|all", "[true, false]"), "exists takes true or false");
    problem(field("f|contains", "null"), "null takes no modifiers");
    // the schema already allows only strings, integers and maps in a list
    problem(rule("k:\n    - null\ncondition: k"), "detection.k must be a map of fields or a list");
    problem(rule("k:\n    '|exists': true\ncondition: k"), "exists needs a field name");
  });

  it("refuses bad field names without echoing them into SQL", () => {
    for (const key of ['"bad name"', `"x'y"`, `"fields['a'] OR 1=1 --"`, "a;b", `"${"a".repeat(101)}"`, '"é"'])
      problem(field(key), "a field name has 1 to 100");
    problem(field("ts"), "the field ts is the event time");
    problem(field("timestamp|startswith", "2026"), "the field timestamp is the event time");
    expect(compileSigma(field(`"${"a".repeat(100)}"`)).ok).toBe(true);
    expect(compileSigma(field("a.b-c_D9")).ok).toBe(true);
  });

  it("refuses bad search-identifier names", () => {
    problem(rule("and:\n    f: x\ncondition: and"), "a search identifier is a name");
    problem(rule('"a b":\n    f: x\ncondition: x'), "a search identifier is a name");
  });

  it("refuses regular expressions that could backtrack catastrophically or that RE2 cannot run", () => {
    const re = (pattern: string, mod = "re") => problems(field(`f|${mod}`, `'${pattern}'`))[0].message;
    expect(re("(a+)+$")).toContain("can backtrack catastrophically");
    expect(re(y`(\w+\s?)+$`)).toMatch(/catastrophic/);
    expect(re(y`(a)\1`)).toContain("backreference");
    expect(re(y`(?<n>a)b`)).toContain("named groups and inline flags are not supported");
    expect(re("foo(?=bar)")).toContain("lookahead or lookbehind");
    expect(re("(?<!foo)bar")).toContain("lookahead or lookbehind");
    expect(re("(?i)foo")).toContain("inline flags are not supported");
    expect(re(y`\u0041`)).toContain("escape \\u");
    expect(re("[^]")).toContain("starts a character class with ]");
    expect(re("a{1001}")).toContain("more than 1000 times");
    expect(re("(")).toContain("not a valid regular expression");
    expect(re("x".repeat(501))).toContain("the limit is 500");
    const many = Array.from({ length: MAX_REGEXES + 1 }, (_, i) => `    - 'x${i}'`).join("\n");
    problem(rule(`sel:\n  f|re:\n${many}\ncondition: sel`), `at most ${MAX_REGEXES} regular expressions`);
  });

  it("refuses bad CIDR values", () => {
    const cidr = (v: string) => problems(field("src_ip|cidr", `'${v}'`))[0].message;
    expect(cidr("10.1.2.3/8")).toBe("the cidr value has host bits set; the network is 10.0.0.0/8");
    expect(cidr("10.0.0.256/8")).toContain("is not a CIDR range");
    expect(cidr("10.0.0.0/33")).toContain("prefix length above 32");
    expect(cidr("010.0.0.0/8")).toContain("is not a CIDR range");
    expect(cidr("2001:db8::1/32")).toContain("host bits");
    expect(cidr("::ffff:10.0.0.0/104")).toContain("IPv4-embedded IPv6");
    expect(cidr("2001:db8::/129")).toContain("above 128");
    expect(cidr("1:2:3:4:5:6:7:8:9/64")).toContain("is not a CIDR range");
  });

  it("refuses more values, selections, or longer values than the limits", () => {
    const values = Array.from({ length: LIMITS.values + 1 }, (_, i) => `v${i}`).join(", ");
    problem(rule(`sel:\n    f: [${values}]\ncondition: sel`), `more than ${LIMITS.values} values`);
    const ok = Array.from({ length: LIMITS.values }, (_, i) => `v${i}`).join(", ");
    expect(compileSigma(rule(`sel:\n    f: [${ok}]\ncondition: sel`)).ok).toBe(true);
    const selections = Array.from({ length: LIMITS.searches + 1 }, (_, i) => `s${i}: {f: x}`).join("\n");
    problem(rule(`${selections}\ncondition: 1 of them`), `more than ${LIMITS.searches} search identifiers`);
    problem(field("f", `'${"x".repeat(LIMITS.valueLength + 1)}'`), `the limit is ${LIMITS.valueLength}`);
    problem(field("f", '"a\\u0000b"'), "control characters");
  });

  it("refuses a rule larger than 64 KB and YAML nested too deeply", () => {
    expect(problems(`${rule("sel: {f: x}\ncondition: sel")}description: '${"x".repeat(64 * 1024)}'\n`)).toEqual([
      { message: "the rule is larger than 64 KB", line: 1, column: 1 },
    ]);
    const deep = `${"[".repeat(LIMITS.depth)}x${"]".repeat(LIMITS.depth)}`;
    expect(problem(`${rule("sel: {f: x}\ncondition: sel")}custom: ${deep}\n`, `nested more than ${LIMITS.depth} levels deep`)).toMatchObject({ line: 6 });
    expect(compileSigma(`${rule("sel: {f: x}\ncondition: sel")}custom: ${deep.slice(1, -1)}\n`).ok).toBe(true);
    // a long way past the limit must still come back as a problem, not a crash
    problems(`${"[".repeat(30_000)}${"]".repeat(30_000)}`);
  });

  it("refuses a query that would be too large", () => {
    const big = Array.from({ length: 200 }, (_, i) => `'${"v".repeat(200)}${i}'`).join(", ");
    const condition = Array(40).fill("sel").join(" or ");
    problem(rule(`sel:\n    f: [${big}]\ncondition: ${condition}`), "the compiled query would be larger than");
    // one selection alone over the cap: a problem, not an exception
    problem(rule(`sel:\n    f: [${big}]\ncondition: sel`), "the compiled query would be larger than");
  });

  it("refuses correlation rules, filters, timeframes, multiple documents and aliases", () => {
    const correlation = `title: Many failed logins
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - user
    timespan: 5m
    condition:
        gte: 10
`;
    expect(problem(correlation, "correlation rules are not supported")).toMatchObject({ line: 2 });
    problem("title: f\nlogsource: {}\nfilter:\n  rules: [a]\n  selection: {User: x}\n  condition: not selection\n", "Sigma filters are not supported");
    expect(problem(rule("sel: {f: x}\ntimeframe: 5m\ncondition: sel"), "timeframe")).toMatchObject({ line: 5, path: "detection.timeframe" });
    expect(problem(`${rule("sel: {f: x}\ncondition: sel")}---\n${rule("sel: {f: y}\ncondition: sel")}`, "multi-document")).toMatchObject({ line: 6 });
    expect(problem(rule("sel: &a {f: x}\nsel2: *a\ncondition: sel"), "aliases")).toMatchObject({ line: 5, column: 11 });
  });

  it("reports schema violations with their line and column", () => {
    const source = `title: 42
id: not-a-uuid
status: shiny
level: extreme
date: 2024-13-01
tags:
    - NotATag
logsource:
    product: linux
detection:
    sel: just a string
    condition: sel
`;
    expect(problems(source)).toEqual([
      { message: "title must be string", line: 1, column: 8, path: "title" },
      { message: 'id must match format "uuid"', line: 2, column: 5, path: "id" },
      { message: "status must be one of: stable, test, experimental, deprecated, unsupported", line: 3, column: 9, path: "status" },
      { message: "level must be one of: informational, low, medium, high, critical", line: 4, column: 8, path: "level" },
      { message: expect.stringContaining("date must match pattern"), line: 5, column: 7, path: "date" },
      { message: expect.stringContaining("tags.0 must match pattern"), line: 7, column: 7, path: "tags.0" },
      { message: "detection.sel must be a map of fields or a list (of values or of maps of fields)", line: 11, column: 10, path: "detection.sel" },
    ]);
    expect(problems("title: t\nlogsource: {}\ndetection:\n    sel: {f: x}\n")).toEqual([
      { message: "detection must have required property 'condition'", line: 4, column: 5, path: "detection" },
    ]);
    expect(problems("logsource: {}\ndetection: {sel: {f: x}, condition: sel}\n")).toEqual([
      { message: "the rule must have required property 'title'", line: 1, column: 1, path: "(root)" },
    ]);
    expect(problems("title: t\nlogsource: {}\ndetection:\n    sel: {f: x}\n    condition: [sel, sel]\n")[0]).toMatchObject({
      message: "detection.condition must be string",
      line: 5,
    });
  });

  it("reports YAML errors with their line and column", () => {
    expect(problems("title: t\nlogsource: {}\ndetection:\n    sel: {f: x\n    condition: sel\n")[0]).toMatchObject({ path: "(yaml)", line: 5 });
    expect(problems("title: t\ntitle: u\nlogsource: {}\ndetection: {sel: {f: x}, condition: sel}\n")[0]).toMatchObject({
      message: expect.stringContaining("Map keys must be unique"),
      line: 2,
      column: 1,
    });
    expect(problems("")[0].message).toMatch(/empty|must be object/);
    expect(problems("- a\n- b\n")[0].message).toBe("the rule must be object");
  });

  it("refuses empty selections", () => {
    problem(rule("sel: {}\ncondition: sel"), "an empty map");
    problem(rule("sel: []\ncondition: sel"), "an empty list");
    problem(rule("sel: {f: []}\ncondition: sel"), "an empty list");
    problem(rule("sel: {f: {g: x}}\ncondition: sel"), "a field takes a value or a list of values");
    problem(rule("sel: [[a]]\ncondition: sel"), "detection.sel must be a map of fields or a list");
  });
});

describe("the compiled query's size", () => {
  it("is capped at the engine's own limit for learner SQL", async () => {
    const { QUERY_LIMITS } = await import("@/lib/server/lab-engine/types");
    const { MAX_SQL_BYTES } = await import("@/lib/sigma");
    expect(MAX_SQL_BYTES).toBe(QUERY_LIMITS.maxSqlBytes);
  });
});

describe("a backslash at the very end of a value", () => {
  it("is itself (a property test found it read as 'undefined')", async () => {
    const { compileSigma } = await import("@/lib/sigma");
    const r = compileSigma('title: t\nlogsource: {}\ndetection:\n  sel:\n    message: "C:\\\\"\n  condition: sel\n');
    expect(r.ok && r.sql).toBe("SELECT id FROM logs WHERE lower(message) = 'c:\\' ORDER BY id");
  });
});
