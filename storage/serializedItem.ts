/**
 * A state item's JSON (without its eTag), carried beside the item so that it is not serialised again: the
 * SQLite store hands out the JSON it read with the item, and ReadEtagState hands the JSON it just compared to
 * the store with a copy it writes. Two keys, so that an item read, changed and written back by anyone else
 * never brings the JSON it was read with to the store. Other stores ignore both. Symbol-keyed and not
 * enumerable: neither reaches an item's own JSON, nor a copy made by spreading it.
 */
const AS_READ = Symbol('jsonAsRead');
const TO_WRITE = Symbol('jsonToWrite');

function attach<T extends object>(item: T, key: symbol, json: string): T {
  Object.defineProperty(item, key, { value: json, enumerable: false, configurable: true });
  return item;
}

function attached(item: unknown, key: symbol): string | undefined {
  const json = item && typeof item === 'object' ? (item as Record<symbol, unknown>)[key] : undefined;
  return typeof json === 'string' ? json : undefined;
}

/** A store's item as read, with the JSON it was read from. */
export const withJsonAsRead = <T extends object>(item: T, json: string): T => attach(item, AS_READ, json);
export const jsonAsRead = (item: unknown): string | undefined => attached(item, AS_READ);

/** An item to write, with its JSON: only for a copy made right after serialising, never a live item. */
export const withJsonToWrite = <T extends object>(item: T, json: string): T => attach(item, TO_WRITE, json);
export const jsonToWrite = (item: unknown): string | undefined => attached(item, TO_WRITE);
