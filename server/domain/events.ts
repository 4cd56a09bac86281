import { EventEmitter } from "node:events";
import type { ChangeTopic } from "../shared/collab.js";

/** What changed, for those who keep state about it (the collaboration server). */
export interface CharteEventMap {
  /** A member's role changed or they were removed. */
  "membership-changed": [{ charterId: string; userId: string }];
  /** A session ended (logout); its tokens no longer work. */
  "session-ended": [{ sessionId: string }];
  /** A charter's state changed (frozen, reopened…). */
  "charter-changed": [{ charterId: string }];
  /** Comments or versions of a charter changed. */
  "topic-changed": [{ charterId: string; topic: Exclude<ChangeTopic, "charter"> }];
}

/** The in-process bus on which commands announce changes of state. */
export class CharteEvents extends EventEmitter<CharteEventMap> {}
