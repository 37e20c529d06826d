/** The base of dashkit's event classes (the files beside this one). */

/**
 * A `CustomEvent` named by its class's static `eventName`, with `detail`, that bubbles and crosses shadow roots
 * (so a host sees it on the element, on the board around it, or on `document`).
 */
export class DashEvent<T> extends CustomEvent<T> {
  /** The event's type, e.g. `dash-period-change`; each subclass sets its own. */
  static readonly eventName: string;

  constructor(detail: T) {
    super((new.target as typeof DashEvent).eventName, { detail, bubbles: true, composed: true });
  }
}
