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
