import './cheapDialogContexts';
import {
  ActivityTypes,
  TeamsActivityHandler,
  type BotState,
  type InvokeResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';

export interface PaymentAssistantBotDeps {
  conversationState: BotState;
  userState: BotState;
  dialogState: StatePropertyAccessor<DialogState>;
  /** The root dialog, which decides every turn. */
  rootDialog: Dialog;
}

/**
 * The activity handler only runs the root dialog and saves state: every decision (messages, events, the
 * welcome, card submits) is the root dialog's. It knows nothing of restify or storage engines.
 */
/**
 * botbuilder-dialogs builds the memory-scope configuration of its DialogStateManager anew on every turn (a
 * zod check of every registered component, new scope objects) unless the turn state already holds one under
 * this key. The scopes keep nothing between turns, so one configuration serves every turn.
 */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

export class PaymentAssistantBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private stateManagerConfiguration: unknown;

  constructor(private readonly deps: PaymentAssistantBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.rootDialog);
    this.onTurn(async (context, next) => {
      if (context.activity.type !== ActivityTypes.Typing) await this.runRoot(context);
      await next();
    });
  }

  /** The root dialog answers every invoke itself (Teams card actions, a 400 for the rest). */
  protected async onInvokeActivity(): Promise<InvokeResponse> {
    return undefined as unknown as InvokeResponse;
  }

  private async runRoot(context: TurnContext): Promise<void> {
    if (this.stateManagerConfiguration)
      context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateManagerConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateManagerConfiguration ??= context.turnState.get(STATE_MANAGER_CONFIGURATION);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.rootDialog.id);
  }

  /**
   * Saves state after every turn. A turn that threw saves nothing, so the state from the last good
   * turn (everything the customer had given until then) stays as it was.
   */
  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    if (context.activity.type !== ActivityTypes.Typing) {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    }
  }
}
