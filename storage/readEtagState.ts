import {
  BotState,
  ConversationState,
  MemoryStorage,
  UserState,
  type StatePropertyAccessor,
  type Storage,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import { StateProperty } from './stateProperty';
import { isEtagConflict } from './storageErrors';

type Item = Record<string, unknown> & { eTag?: string };

interface Cached {
  key: string;
  state: Item;
  /** The item as read (JSON without the eTag), to tell what this turn changed. */
  read: string;
}

/** How often a save re-reads and re-applies its changes after another writer changed the item. */
const MAX_ATTEMPTS = 4;

function withoutEtag(item: Item): Item {
  const copy: Item = { ...item };
  delete copy.eTag;
  return copy;
}

/**
 * The turn's changes, re-applied to what another writer stored meanwhile: every top-level property this turn
 * changed (dialog state, the case, the profile) takes this turn's value, the others keep the stored one.
 */
function reapply(read: Item, mine: Item, stored: Item): Item {
  const merged: Item = { ...withoutEtag(stored) };
  for (const key of new Set([...Object.keys(read), ...Object.keys(mine)])) {
    if (key === 'eTag') continue;
    if (JSON.stringify(read[key]) === JSON.stringify(mine[key])) continue;
    if (key in mine) merged[key] = mine[key];
    else delete merged[key];
  }
  return merged;
}

/**
 * botbuilder's BotState writes with eTag '*': the last writer wins, even over a write another instance made
 * since this one read. This loads and saves like BotState (same keys, same property accessors) but writes
 * with the eTag it read; on a conflict it reads again, re-applies this turn's changes and writes again.
 */
export class ReadEtagState extends BotState {
  private readonly cacheKey = Symbol('readEtagState');

  constructor(
    storage: Storage,
    private readonly keyOf: (context: TurnContext) => string,
  ) {
    super(storage, async (context) => keyOf(context));
  }

  async load(context: TurnContext, force = false): Promise<Item> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = this.keyOf(context);
    const items: StoreItems = await this.storage.read([key]);
    const state: Item = (items[key] as Item | undefined) ?? {};
    context.turnState.set(this.cacheKey, {
      key,
      state,
      read: JSON.stringify(withoutEtag(state)),
    } satisfies Cached);
    return state;
  }

  async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!cached) {
      if (force) await this.storage.write({ [this.keyOf(context)]: { eTag: '*' } });
      return;
    }
    const now = JSON.stringify(withoutEtag(cached.state));
    if (!force && now === cached.read) return;
    let attempt: Item = cached.state;
    for (let tries = 1; ; tries++) {
      try {
        await this.storage.write({ [cached.key]: attempt });
        break;
      } catch (error) {
        if (!isEtagConflict(error) || tries >= MAX_ATTEMPTS) throw error;
        const fresh = ((await this.storage.read([cached.key]))[cached.key] as Item | undefined) ?? {};
        attempt = {
          ...reapply(JSON.parse(cached.read) as Item, cached.state, fresh),
          eTag: fresh.eTag ?? '*',
        };
      }
    }
    // Not every engine returns the new eTag; a second save in this turn writes unconditionally, which is
    // safe: the turn holds the conversation's lease.
    const state = withoutEtag(attempt);
    state.eTag = '*';
    context.turnState.set(this.cacheKey, {
      key: cached.key,
      state,
      // What was written: this turn's state as serialised above, or the merge after a conflict.
      read: attempt === cached.state ? now : JSON.stringify(withoutEtag(state)),
    } satisfies Cached);
  }

  async clear(context: TurnContext): Promise<void> {
    context.turnState.set(this.cacheKey, { key: this.keyOf(context), state: {}, read: '' } satisfies Cached);
  }

  async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.storage.delete([this.keyOf(context)]);
  }

  get(context: TurnContext): Item | undefined {
    return (context.turnState.get(this.cacheKey) as Cached | undefined)?.state;
  }

  /** A property of this state (see StateProperty: botbuilder's accessor, cheaper). */
  createProperty<T = unknown>(name: string): StatePropertyAccessor<T> {
    return new StateProperty<T>(this, name);
  }
}

// botbuilder's own key functions, so the items are where ConversationState and UserState put them.
const conversationKeys = new ConversationState(new MemoryStorage());
const userKeys = new UserState(new MemoryStorage());

export function conversationStateOn(storage: Storage): ReadEtagState {
  return new ReadEtagState(storage, (context) => conversationKeys.getStorageKey(context)!);
}

export function userStateOn(storage: Storage): ReadEtagState {
  return new ReadEtagState(storage, (context) => userKeys.getStorageKey(context)!);
}
