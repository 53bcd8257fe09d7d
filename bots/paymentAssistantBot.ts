import { learnActivityAnnouncementKey, skipActivityAnnouncement } from './cheapDialogContexts';
import { ActivityTypes, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';

export interface PaymentAssistantBotDeps {
  conversationState: BotState;
  userState: BotState;
  dialogState: StatePropertyAccessor<DialogState>;
  /** The root dialog, which decides every turn. */
  rootDialog: Dialog;
}

/**
 * botbuilder-dialogs builds the memory-scope configuration of its DialogStateManager anew on every turn (a
 * zod check of every registered component, new scope objects) unless the turn state already holds one under
 * this key. The scopes keep nothing between turns, so one configuration serves every turn.
 */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The bot only runs the root dialog and saves state: every decision (messages, events, the welcome, Teams
 * card actions and their invoke responses) is the root dialog's. It knows nothing of restify or storage
 * engines. It is no ActivityHandler: that class's per-type dispatch (message, conversation update, Teams'
 * invokes) would only lead to handlers this bot leaves empty, through several layers of promises a turn.
 */
export class PaymentAssistantBot {
  private readonly dialogs: DialogSet;
  private stateManagerConfiguration: unknown;

  constructor(private readonly deps: PaymentAssistantBotDeps) {
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.rootDialog);
  }

  /**
   * Runs the turn and saves state after it. A turn that threw saves nothing, so the state from the last good
   * turn (everything the customer had given until then) stays as it was. Typing activities are not turns.
   */
  async run(context: TurnContext): Promise<void> {
    if (!context.activity?.type) throw new Error('Activity is missing its type');
    if (context.activity.type === ActivityTypes.Typing) return;
    await this.runRoot(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  private async runRoot(context: TurnContext): Promise<void> {
    if (this.stateManagerConfiguration)
      context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateManagerConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateManagerConfiguration ??= context.turnState.get(STATE_MANAGER_CONFIGURATION);
    skipActivityAnnouncement(context);
    const result = await dc.continueDialog();
    learnActivityAnnouncementKey(context);
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.rootDialog.id);
  }
}
