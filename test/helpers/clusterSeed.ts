import { randomBytes } from "node:crypto";
import type { Role } from "../../server/shared/roles.js";
import { loginWith, type ApiCall } from "./httpApi.js";

/** A person with an account and a token, made through the API. */
export interface SeededUser {
  id: string;
  email: string;
  role: Role;
  token: string;
}

/** A charter made for a cluster test, with its members. */
export interface SeededCharter {
  charterId: string;
  pilot: SeededUser;
  editors: SeededUser[];
  readers: SeededUser[];
}

const PASSWORD = "grappe-de-test-mot-de-passe";

/**
 * Makes a charter from the template as the demo pilot, and invites `editors`
 * editors and `readers` readers, each accepting their invitation (a new
 * account) — all through the API, as people would. Each user is a person of
 * their own, so that per-user limits (connections, tickets) never bind a test
 * with many clients.
 */
export async function seedCharter(api: ApiCall, counts: { editors: number; readers?: number }): Promise<SeededCharter> {
  const pilotToken = await loginWith(api, "pilote@example.org");
  const me = await api("GET", "/api/auth/me", { token: pilotToken });
  const made = await api("POST", "/api/charters", {
    token: pilotToken,
    body: { title: `Charte de la grappe ${randomBytes(3).toString("hex")}`, template: "charte-departementale", departmentCode: "49", signatoryIds: [] },
  });
  if (made.status != 201) throw new Error(`Charter not made: ${made.status} ${JSON.stringify(made.body)}`);
  const charterId: string = made.body.charter.id;
  const invite = async (role: Role, n: number): Promise<SeededUser> => {
    const email = `grappe-${role}-${n}-${randomBytes(3).toString("hex")}@example.org`;
    const invited = await api("POST", `/api/charters/${charterId}/invitations`, { token: pilotToken, body: { email, role } });
    if (invited.status != 201) throw new Error(`Invitation refused: ${invited.status} ${JSON.stringify(invited.body)}`);
    const token = String(invited.body.invitation.link).split("/invitation/")[1];
    const accepted = await api("POST", `/api/invitations/${token}/accept`, { body: { name: `${role} ${n}`, password: PASSWORD } });
    if (accepted.status != 200) throw new Error(`Invitation not accepted: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return { id: accepted.body.user.id, email, role, token: accepted.body.token };
  };
  const editors: SeededUser[] = [];
  for (let i = 0; i < counts.editors; i++) editors.push(await invite("editor", i));
  const readers: SeededUser[] = [];
  for (let i = 0; i < (counts.readers ?? 0); i++) readers.push(await invite("reader", i));
  return { charterId, pilot: { id: me.body.user.id, email: "pilote@example.org", role: "pilot", token: pilotToken }, editors, readers };
}
