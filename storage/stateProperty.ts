import type { StatePropertyAccessor, TurnContext } from 'botbuilder';

/** What a property needs of its state: the turn's cached item, or a load of it. */
export interface LoadedState {
  get(context: TurnContext): Record<string, unknown> | undefined;
  load(context: TurnContext): Promise<Record<string, unknown>>;
}

/**
 * botbuilder's BotStatePropertyAccessor, with the same behaviour (a missing property takes a copy of the
 * default), as native async code that reads the turn's already loaded item directly: a turn makes a few dozen
 * property reads, and botbuilder's accessor (down-levelled generators, a load per call) was a fiftieth of it.
 */
export class StateProperty<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: LoadedState,
    readonly name: string,
  ) {}

  private async item(context: TurnContext): Promise<Record<string, unknown>> {
    return this.state.get(context) ?? (await this.state.load(context));
  }

  async get(context: TurnContext): Promise<T | undefined>;
  async get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const item = await this.item(context);
    if (!Object.prototype.hasOwnProperty.call(item, this.name) && defaultValue !== undefined) {
      // As botbuilder: a copy, so that changing what the first reader got never changes the default.
      item[this.name] =
        typeof defaultValue === 'object' ? (JSON.parse(JSON.stringify(defaultValue)) as T) : defaultValue;
    }
    return item[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    (await this.item(context))[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const item = await this.item(context);
    if (Object.prototype.hasOwnProperty.call(item, this.name)) delete item[this.name];
  }
}
