import fc from "fast-check";
const A = process.argv[2];
const U = "http://localhost:3300";
const bodies = fc.sample(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify([v, "$K1"])), fc.jsonValue().map((v) => JSON.stringify([v]))), 400);
const counts: Record<number, number> = {};
const bad: string[] = [];
for (const body of bodies) {
  const r = await fetch(`${U}/lessons/kubernetes-vs-mesos`, { method: "POST", headers: { "Next-Action": A, "Content-Type": "text/plain;charset=UTF-8", Origin: U }, body });
  counts[r.status] = (counts[r.status] ?? 0) + 1;
  if (r.status >= 500) bad.push(body.slice(0, 100));
  await r.text();
}
console.log(counts, bad.slice(0, 10));
