/**
 * A detection rule written the way the lab's write-up describes it: master
 * processes are recognised by the files only they log, on hosts that ran one.
 */
export const DETECTION_QUERY = `
SELECT id FROM logs
WHERE host IN (SELECT DISTINCT host FROM logs WHERE fields['file'] = 'master.cpp')
  AND (
    (fields['file'] = 'main.cpp' AND regexp_matches(message, '^(Build|Version|Git tag|Git SHA):'))
    OR (fields['file'] = 'master.cpp' AND regexp_matches(message, ' started on |Elected as the leading master!|^Registered agent |^Re-registered agent '))
  )`;

/** The same detection as a Sigma rule: master processes by their log source, each kind of line by file and message. */
export const DETECTION_SIGMA = `title: Mesos control plane starting, elected or registering agents
logsource:
  product: mesos
  service: mesos-master
detection:
  selection_banner:
    file: main.cpp
    message|startswith: ['Build:', 'Version:', 'Git tag:', 'Git SHA:']
  selection_master:
    file: master.cpp
    message|contains: [' started on ', 'Elected as the leading master!']
  selection_agents:
    file: master.cpp
    message|startswith: ['Registered agent ', 'Re-registered agent ']
  condition: 1 of selection_*
`;
