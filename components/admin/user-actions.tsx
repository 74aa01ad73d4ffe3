"use client";
import { useActionState } from "react";
import { changeRoleAction, issueResetAction, setActiveAction } from "@/app/(admin)/admin/users/actions";

type State = { status: "idle" } | { status: "ok"; message: string; path?: string; expiresAt?: string } | { status: "error"; message: string };
const idle: State = { status: "idle" };

function Message({ state }: { state: State }) {
  if (state.status === "idle") return null;
  return (
    <span role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "field-error" : "muted"}>
      {state.message}
    </span>
  );
}

/** One account's controls in /admin/users: role, active, a one-time password reset link. */
export function UserActions({ userId, email, role, active }: { userId: string; email: string; role: string; active: boolean }) {
  const [roleState, submitRole, rolePending] = useActionState<State, FormData>(async (p, f) => (await changeRoleAction(p, f)) as State, idle);
  const [activeState, submitActive, activePending] = useActionState<State, FormData>(async (p, f) => (await setActiveAction(p, f)) as State, idle);
  const [resetState, submitReset, resetPending] = useActionState<State, FormData>(async (p, f) => (await issueResetAction(p, f)) as State, idle);
  const link = resetState.status === "ok" && resetState.path ? new URL(resetState.path, window.location.origin).toString() : null;
  return (
    <div className="admin-user-actions">
      <form action={submitRole}>
        <input type="hidden" name="userId" value={userId} />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={role}>
          <option value="learner">learner</option>
          <option value="instructor">instructor</option>
          <option value="admin">admin</option>
        </select>
        <button type="submit" className="secondary" disabled={rolePending} aria-label={`Change role of ${email}`}>
          Change role
        </button>
        <Message state={roleState} />
      </form>
      <form action={submitActive}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <button type="submit" className="secondary" disabled={activePending} aria-label={`${active ? "Deactivate" : "Reactivate"} ${email}`}>
          {active ? "Deactivate" : "Reactivate"}
        </button>
        <Message state={activeState} />
      </form>
      <form action={submitReset}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" className="secondary" disabled={resetPending} aria-label={`Reset password of ${email}`}>
          Reset password
        </button>
        <Message state={resetState} />
        {link && resetState.status === "ok" && (
          <p className="admin-reset-link">
            <code data-testid="reset-link">{link}</code> <span className="muted">until {resetState.expiresAt?.slice(0, 16).replace("T", " ")} UTC</span>
          </p>
        )}
      </form>
    </div>
  );
}
