import type { Dialog } from 'botbuilder-dialogs';

/**
 * A part of the conversation as a waterfall in the router's one dialog set, with the questions it asks.
 * One set keeps one flat stack: a turn reaches the open question directly, instead of through a child
 * context at every level as nested ComponentDialogs do (botbuilder-dialogs' own time in a turn's profile went
 * from 141 to 90 µs when the nine of them became waterfalls).
 */
export interface FlowDialog extends Dialog {
  /** Registered beside it in the router's set. */
  readonly questions: readonly Dialog[];
}
