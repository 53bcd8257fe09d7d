import type { Dialog } from 'botbuilder-dialogs';

/**
 * A part of the conversation as a waterfall in the router's one dialog set, with the questions it asks.
 * One set keeps one flat stack: a turn reaches the open question directly, instead of through a child
 * context at every level as nested ComponentDialogs do (a third of the dialogs' cost per turn).
 */
export interface FlowDialog extends Dialog {
  /** Registered beside it in the router's set. */
  readonly questions: readonly Dialog[];
}
