/**
 * The part of the Context Community Protocol dashkit uses (what `@lit/context` implements, in about a third of its
 * bytes): a provider on `<dash-board>`, consumers in the widgets that subscribe to it, and a root on the document
 * that replays the requests of consumers upgraded before their board. It speaks the protocol's events
 * (`context-request`, `context-provider`), so a `@lit/context` provider (a story's) answers these consumers too.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A context key with the type of its value. */
export type Context<T> = string & { __context__: T };

/** A context key: the protocol compares keys with `===`, so a string one connects separate builds of dashkit. */
export const createContext = <T>(key: string) => key as Context<T>;

type Callback<T> = (value: T, unsubscribe?: () => void) => void;

/** The protocol's request: bubbles and crosses shadow roots up to a provider, which calls `callback`. */
interface ContextRequest<T> extends Event {
  context: Context<T>;
  contextTarget: Element;
  callback: Callback<T>;
  subscribe?: boolean;
}

/** Fires one of the protocol's events from `target`, with its fields: it bubbles and crosses shadow roots. */
function fire(target: Element, type: 'context-request' | 'context-provider', fields: object): void {
  target.dispatchEvent(Object.assign(new Event(type, { bubbles: true, composed: true }), fields));
}

/** Asks for `context` from `target`, subscribing to its changes (the only kind of request dashkit makes). */
function request<T>(target: Element, context: Context<T>, callback: Callback<T>): void {
  fire(target, 'context-request', { context, contextTarget: target, callback, subscribe: true });
}

type Host = ReactiveControllerHost & HTMLElement;

/** Provides `value` to every consumer below `host`; `setValue` tells the subscribed ones. */
export class ContextProvider<T> implements ReactiveController {
  value: T;
  /** Each subscriber's callback and its unsubscribe (the same function every time: consumers compare it). */
  readonly #subscribers = new Map<Callback<T>, () => void>();

  constructor(
    readonly host: Host,
    readonly options: { context: Context<T>; initialValue: T },
  ) {
    this.value = options.initialValue;
    host.addController(this);
    host.addEventListener('context-request', (event) => {
      const e = event as ContextRequest<T>;
      if (e.context !== options.context || (e.contextTarget ?? e.composedPath()[0]) === host) return;
      e.stopPropagation();
      const callback = e.callback;
      if (!e.subscribe) return callback(this.value);
      const unsubscribe = () => void this.#subscribers.delete(callback);
      this.#subscribers.set(callback, unsubscribe);
      callback(this.value, unsubscribe);
    });
  }

  hostConnected(): void {
    // Tells the document's root: consumers that asked before this provider existed ask again.
    fire(this.host, 'context-provider', { context: this.options.context, contextTarget: this.host });
  }

  setValue(value: T): void {
    this.value = value;
    for (const [callback, unsubscribe] of this.#subscribers) callback(value, unsubscribe);
  }
}

/** The value of the nearest provider of `context` above `host`, kept current; `host` re-renders on a change. */
export class ContextConsumer<T> implements ReactiveController {
  value: T | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    readonly host: Host,
    readonly options: { context: Context<T>; subscribe: true },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    request(this.host, this.options.context, (value, unsubscribe) => {
      if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.();
      this.#unsubscribe = unsubscribe;
      this.value = value;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

/**
 * Keeps the subscribing requests no provider answered (they reach `root`) and asks them again, from their element,
 * when a provider of that context connects.
 */
export function attachContextRoot(root: Element): void {
  /** Unanswered requests: context, callback, and the element that asked (it may leave the page meanwhile). */
  let pending: (readonly [Context<unknown>, Callback<unknown>, WeakRef<Element>])[] = [];
  root.addEventListener('context-request', (event) => {
    const e = event as ContextRequest<unknown>;
    if (e.subscribe)
      pending.push([e.context, e.callback, new WeakRef(e.contextTarget ?? (e.composedPath()[0] as Element))]);
  });
  root.addEventListener('context-provider', (event) => {
    const { context } = event as Event & { context: string };
    const waiting = pending;
    // Asked again below: those the new provider does not answer come back here.
    pending = waiting.filter(([c]) => c !== context);
    for (const [c, callback, ref] of waiting) {
      const element = ref.deref();
      if (c === context && element) request(element, c, callback);
    }
  });
}
