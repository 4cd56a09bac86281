import type { Node as PMNode } from "prosemirror-model";
import type { NodeView, ViewMutationRecord } from "prosemirror-view";
import { formatDay } from "../format.js";

/** What a commitment needs to know about the charter to show itself. */
export interface CommitmentContext {
  /** The name of a signatory organisation, by id; undefined if it is not a signatory. */
  organisationName(id: string): string | undefined;
  /**
   * Opens the form that changes a commitment's responsible organisation, due
   * date and indicator. Without it (read-only views) there is no « Modifier »
   * button; with it, the button shows only while the editor is editable (CSS).
   *
   * The button is a pointer's shortcut, not a Tab stop: inside the text, Tab
   * is for leaving the editor. From the keyboard, the toolbar's « Modifier
   * l'engagement » and Alt+Maj+E do the same with the cursor in the commitment.
   */
  edit?(id: string): void;
}

/**
 * Shows a commitment: its text (editable content), and around it what the
 * schema keeps in attributes — the responsible organisation, the due date and
 * the indicator — which are not part of the text.
 */
export class CommitmentView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly party: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly editButton: HTMLButtonElement | null = null;

  constructor(
    private node: PMNode,
    private readonly context: CommitmentContext,
  ) {
    this.dom = document.createElement("div");
    this.dom.className = "commitment";

    const head = document.createElement("p");
    head.className = "commitment-head";
    head.contentEditable = "false";
    const tag = document.createElement("span");
    tag.className = "commitment-tag";
    tag.textContent = "Engagement";
    const responsible = document.createElement("span");
    responsible.className = "visually-hidden";
    responsible.textContent = " — responsable : ";
    this.party = document.createElement("span");
    head.append(tag, responsible, this.party);
    if (context.edit) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "commitment-edit";
      button.textContent = "Modifier";
      button.tabIndex = -1;
      button.title = "Modifier l'engagement (ou Alt+Maj+E, le curseur dans l'engagement)";
      const open = () => {
        const id = this.node.attrs.id as string | null;
        if (id) context.edit!(id);
      };
      // A click keeps the editor's focus and selection: the form gives the focus back to the text.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", open);
      // Focused anyway (by a screen reader), Enter and Space open the form and never reach the text:
      // Chrome would otherwise split or type into the paragraph holding the selection.
      button.addEventListener("keydown", (event) => {
        if (event.key != "Enter" && event.key != " ") return;
        event.preventDefault();
        if (!event.repeat) open();
      });
      button.addEventListener("keyup", (event) => {
        if (event.key == " ") event.preventDefault();
      });
      head.appendChild(button);
      this.editButton = button;
    }

    this.contentDOM = document.createElement("p");
    this.contentDOM.className = "commitment-text";

    this.meta = document.createElement("dl");
    this.meta.className = "commitment-meta";
    this.meta.contentEditable = "false";

    this.dom.append(head, this.contentDOM, this.meta);
    this.render();
  }

  update(node: PMNode): boolean {
    if (node.type != this.node.type) return false;
    const changed = node.attrs != this.node.attrs;
    this.node = node;
    if (changed) this.render();
    return true;
  }

  /** Clicks and keys on the « Modifier » button are the button's, not the editor's. */
  stopEvent(event: Event): boolean {
    return !!this.editButton && this.editButton.contains(event.target as Node);
  }

  /** Only the text is ProseMirror's; our own rendering around it changes the DOM freely. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    return mutation.type != "selection" && !this.contentDOM.contains(mutation.target);
  }

  private render(): void {
    const { id, party, due, indicator } = this.node.attrs as { id: string | null; party: string | null; due: string | null; indicator: string | null };
    this.dom.dataset.commitmentId = id ?? "";
    const name = party ? this.context.organisationName(party) : undefined;
    this.party.className = "commitment-party" + (name ? "" : " commitment-party-unassigned");
    this.party.textContent = name ?? (party ? "Organisation non signataire" : "À attribuer");
    this.editButton?.setAttribute("aria-label", name ? `Modifier l'engagement : ${name}` : "Modifier l'engagement (responsable à attribuer)");

    this.meta.replaceChildren();
    if (due) this.addMeta("Échéance", formatDay(due));
    if (indicator) this.addMeta("Indicateur", indicator);
    this.meta.hidden = !due && !indicator;
  }

  private addMeta(term: string, value: string): void {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    row.append(dt, dd);
    this.meta.appendChild(row);
  }
}
