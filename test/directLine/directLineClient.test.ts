import assert from 'node:assert/strict';
import { ConnectionStatus, DirectLine, type Activity } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import type { AjaxCreationMethod, AjaxRequest, AjaxResponse } from 'rxjs/observable/dom/AjaxObservable';
import { Translations } from '../../i18n/translator';
import { ASKS } from '../helpers/scripts';
import { asConversation, call, startServer, type TestServer } from './helpers';

/**
 * directlinejs sends its requests through rxjs' XMLHttpRequest-based ajax, which Node lacks; this runs
 * the same requests over fetch and answers with the fields directlinejs reads (status, response,
 * xhr.getResponseHeader for Retry-After).
 */
function fetchAjax(urlOrRequest: string | AjaxRequest): Observable<AjaxResponse> {
  const request: AjaxRequest = typeof urlOrRequest === 'string' ? { url: urlOrRequest } : urlOrRequest;
  return new Observable<AjaxResponse>((subscriber) => {
    const controller = new AbortController();
    fetch(request.url ?? '', {
      method: request.method ?? 'GET',
      headers: request.headers as Record<string, string> | undefined,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    }).then(
      async (res) => {
        const text = await res.text();
        const result = {
          status: res.status,
          response: text ? (JSON.parse(text) as unknown) : null,
          xhr: { getResponseHeader: (name: string) => res.headers.get(name) },
        };
        if (res.ok) {
          subscriber.next(result as unknown as AjaxResponse);
          subscriber.complete();
        } else {
          subscriber.error(result);
        }
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort();
  });
}

/** Node 20 has no WebSocket global, and directlinejs reads it even with `webSocket: false`. */
class NoWebSocket {
  constructor() {
    throw new Error('WebSocket is not used with webSocket: false');
  }
}

describe('built-in Direct Line with botframework-directlinejs (webSocket: false)', function () {
  let server: TestServer;
  let directLine: DirectLine | undefined;
  before(async () => (server = await startServer()));
  afterEach(() => directLine?.end());
  after(() => server.close());

  it('welcomes on join, echoes the user with its clientActivityID and answers in German', async () => {
    const { token } = asConversation(
      (await call(`${server.url}/api/directline/token`, { method: 'POST' })).body,
    );
    directLine = new DirectLine({
      domain: server.domain,
      token,
      webSocket: false,
      pollingInterval: 200,
      ajax: fetchAjax as unknown as AjaxCreationMethod,
      WebSocket: NoWebSocket as unknown as typeof WebSocket,
    });
    const dl = directLine;
    const seen: Activity[] = [];
    const waiters: { test: (a: Activity) => boolean; resolve: (a: Activity) => void }[] = [];
    dl.activity$.subscribe(
      (activity) => {
        seen.push(activity);
        for (const w of waiters.filter((w) => w.test(activity))) w.resolve(activity);
      },
      // end() finishes the stream with "conversation ended"; without a handler rxjs would throw it.
      () => undefined,
    );
    const next = (test: (a: Activity) => boolean) =>
      new Promise<Activity>((resolve, reject) => {
        const found = seen.find(test);
        if (found) return resolve(found);
        waiters.push({ test, resolve });
        setTimeout(() => reject(new Error(`not seen: ${JSON.stringify(seen)}`)), 8000);
      });
    const isBotText = (text: string) => (a: Activity) =>
      a.type === 'message' && a.from.role === 'bot' && (a.text ?? '').includes(text);

    const de = new Translations().for('de');
    await next(isBotText(de.t('flow.welcome.greeting')));
    assert.equal(dl.connectionStatus$.getValue(), ConnectionStatus.Online);

    const id = await new Promise<string>((resolve, reject) =>
      dl
        .postActivity({
          type: 'message',
          from: { id: 'web-user', name: 'Web User' },
          text: 'Zahlungsmethode ändern',
          locale: 'de-DE',
          channelData: { clientActivityID: 'client-activity-1' },
        })
        .subscribe(resolve, reject),
    );
    const echo = await next((a) => a.id === id);
    assert.equal(echo.channelData?.clientActivityID, 'client-activity-1');
    assert.equal(echo.from.role, 'user');
    const reply = await next(isBotText(ASKS.de.billingContact));
    assert.equal((reply as Activity & { replyToId?: string }).replyToId, id);
    assert.ok(seen.indexOf(echo) < seen.indexOf(reply), 'the echo comes before the answer');
  });
});
