import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="stack">
      <h1>Not for your role</h1>
      <p className="muted">This page is for instructors and admins. If you think you should have access, ask an admin.</p>
      <p>
        <Link href="/dashboard">Go to your dashboard</Link>
      </p>
    </div>
  );
}
