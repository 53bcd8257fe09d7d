import type { DeskCase } from './desk/deskCase';

/** What the bot's router needs of the agent desk while a customer is waiting or talking to an agent. */
export interface DeskQueue {
  get(ref: string): Promise<DeskCase | undefined>;
  positionOf(ref: string): Promise<number>;
  fromCustomer(ref: string, text: string): Promise<void>;
  cancelByCustomer(ref: string): Promise<void>;
}
