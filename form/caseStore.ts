import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  caseRecordSchema,
  salvageCaseRecord,
  SLOT_NAMES,
  type CaseRecord,
  type SlotName,
} from '../domain/caseRecord';
import { SLOTS, type Note } from './slots';

export interface CaseUpdate {
  record: CaseRecord;
  /** Slots whose value this update set or changed. */
  changed: SlotName[];
  /** Values that no longer fit after a slot they depend on changed: removed, with the note saying why. */
  cleared: { slot: SlotName; note?: Note }[];
}

/**
 * The one writer of the case. Every change goes through `update`, which checks the patch against the
 * schema and re-checks the slots that depend on a changed one (a new country re-checks the VAT ID, a new
 * account kind the payment method), so no caller can leave the case half consistent.
 */
/** Told of every slot an update filled or changed (the insights' "answered", whichever message gave it). */
export type SlotsFilled = (context: TurnContext, slots: SlotName[], record: CaseRecord) => void;

export class CaseStore {
  constructor(
    private readonly accessor: StatePropertyAccessor<unknown>,
    private readonly onFilled?: SlotsFilled,
  ) {}

  /**
   * Stored records already checked, by the stored object: a turn reads the case many times, and checking it
   * each time was a fortieth of the turn. A write stores a new object, so an entry never goes stale.
   */
  private readonly checked = new WeakMap<object, CaseRecord>();

  async get(context: TurnContext): Promise<CaseRecord> {
    const stored = await this.accessor.get(context, {});
    if (!stored || typeof stored !== 'object') return salvageCaseRecord(stored);
    let record = this.checked.get(stored);
    if (!record) {
      record = salvageCaseRecord(stored);
      this.checked.set(stored, record);
    }
    // A copy: a caller that changes its record must not change the next caller's.
    return { ...record };
  }

  async update(context: TurnContext, patch: Partial<CaseRecord>): Promise<CaseUpdate> {
    const before = await this.get(context);
    const record: CaseRecord = caseRecordSchema.parse({ ...before, ...patch });
    const changed = SLOT_NAMES.filter((slot) => slot in patch && before[slot] !== record[slot]);
    const cleared: CaseUpdate['cleared'] = [];
    for (const slot of SLOT_NAMES) {
      const decl = SLOTS[slot];
      if (slot in patch || record[slot] === undefined) continue;
      if (!decl.dependsOn.some((d) => changed.includes(d))) continue;
      // A VAT ID where no VAT applies any more goes quietly: the country's own note says so.
      if (!decl.appliesTo(record) && slot === 'vatId') {
        delete record[slot];
        cleared.push({ slot });
        continue;
      }
      const note = decl.recheck?.(record);
      if (note) {
        delete record[slot];
        cleared.push({ slot, note });
      }
    }
    await this.accessor.set(context, record);
    const filled = changed.filter((slot) => record[slot] !== undefined);
    if (filled.length) this.onFilled?.(context, filled, record);
    return { record, changed, cleared };
  }

  /** A new change starts from an empty case. */
  async reset(context: TurnContext, record: CaseRecord = {}): Promise<void> {
    await this.accessor.set(context, caseRecordSchema.parse(record));
  }
}
