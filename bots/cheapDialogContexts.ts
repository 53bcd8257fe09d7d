/**
 * botbuilder-dialogs builds a DialogContext for every level of the dialog stack, several times a turn (a
 * turn here makes about eight), and each one does work whose result never changes:
 *  - its DialogStateManager registers `new DialogsComponentRegistration()`, whose constructor builds a service
 *    collection and configures the dialogs component (memory-scope and path-resolver factories) only for the
 *    registry to keep the newest instance by class name;
 *  - every get and set of a memory path parses the path string again ("turn.activity", "dialog._tracker.paths"
 *    ...), about forty times a turn.
 * Here the registration is built once, and a path without brackets (whose parse depends on the string alone;
 * a bracketed one can read memory) is parsed once. Behaviour is unchanged: the same registration object and
 * the same segments (a copy each time, as callers may change it).
 */
import * as registrationModule from 'botbuilder-dialogs/lib/dialogsComponentRegistration';
import type { TurnContext } from 'botbuilder';
import { DialogStateManager } from 'botbuilder-dialogs';

/** Distinct memory paths are few (the bot's own); the bound only keeps a surprise from growing it. */
const MAX_PATHS = 1_000;

function buildRegistrationOnce(): void {
  const module = registrationModule as { DialogsComponentRegistration: new () => object };
  const Real = module.DialogsComponentRegistration;
  if ((Real as { once?: boolean }).once) return;
  let instance: object | undefined;
  // A constructor that returns an object makes `new` return it: every caller gets the one instance.
  const Once = function DialogsComponentRegistration() {
    return (instance ??= new Real());
  } as unknown as new () => object;
  Once.prototype = Real.prototype;
  (Once as { once?: boolean }).once = true;
  module.DialogsComponentRegistration = Once;
}

function parsePathsOnce(): void {
  const proto = DialogStateManager.prototype as unknown as {
    parsePath: (path: string, allowNestedPaths?: boolean) => (string | number)[];
  } & { parsedOnce?: boolean };
  if (proto.parsedOnce) return;
  const parse = proto.parsePath;
  const parsed = [new Map<string, (string | number)[]>(), new Map<string, (string | number)[]>()];
  proto.parsePath = function (this: DialogStateManager, path: string, allowNestedPaths = true) {
    if (path.includes('[')) return parse.call(this, path, allowNestedPaths);
    const cache = parsed[allowNestedPaths ? 1 : 0];
    let segments = cache.get(path);
    if (!segments) {
      segments = parse.call(this, path, allowNestedPaths);
      if (cache.size < MAX_PATHS) cache.set(path, segments);
    }
    return segments.slice();
  };
  proto.parsedOnce = true;
}

/**
 * Every memory write (each DialogContext writes "turn.activity" when it is built) looks up the paths that
 * adaptive dialogs ask to watch (`trackPaths`), to mark the ones it touched. This bot watches none: until a
 * path is watched in this process, the look-up is skipped; from the first `trackPaths` on, it runs as before.
 */
function trackOnlyWatchedPaths(): void {
  const proto = DialogStateManager.prototype as unknown as {
    trackChange: (path: string) => void;
    trackPaths: (paths: string[]) => string[];
  } & { tracksOnlyWatched?: boolean };
  if (proto.tracksOnlyWatched) return;
  const trackChange = proto.trackChange;
  const trackPaths = proto.trackPaths;
  let watching = false;
  proto.trackChange = function (this: DialogStateManager, path: string) {
    if (watching) trackChange.call(this, path);
  };
  proto.trackPaths = function (this: DialogStateManager, paths: string[]) {
    watching = true;
    return trackPaths.call(this, paths);
  };
  proto.tracksOnlyWatched = true;
}

/**
 * `DialogContext.continueDialog` announces each activity to the whole stack first: an "activityReceived" event
 * built at the innermost dialog and bubbled up through every level (a child context per level), for adaptive
 * dialogs' triggers. No dialog of this bot listens to it. botbuilder skips the announcement when the turn
 * state says it was made; the key is private to botbuilder-dialogs, so it is learnt from the first turn.
 */
let announcedKey: symbol | undefined;

export function skipActivityAnnouncement(context: TurnContext): void {
  if (announcedKey) context.turnState.set(announcedKey, true);
}

export function learnActivityAnnouncementKey(context: TurnContext): void {
  if (announcedKey) return;
  for (const key of context.turnState.keys())
    if (typeof key === 'symbol' && key.description === 'ActivityReceivedEmitted') announcedKey = key;
}

buildRegistrationOnce();
parsePathsOnce();
trackOnlyWatchedPaths();
