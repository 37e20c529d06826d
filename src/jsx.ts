/**
 * `dashkitjs/jsx`: JSX types for the dashkit elements in React 19, which sets
 * a custom element's properties and listens to its custom events natively.
 * Types only; load it once in your app, e.g. in a `.d.ts`:
 *
 * ```ts
 * /// <reference types="dashkitjs/jsx" />
 * ```
 *
 * Each tag accepts the element's writable public properties under their
 * property names (`token`, `noTrend`, `pageSize`), React's usual HTML
 * attributes, and an `ondash-*` handler for every dashkit event, typed by the
 * event (they bubble, so a board also hears its widgets' events):
 *
 * ```tsx
 * <dash-board src="/dashboard/api" token={token} ondash-period-change={(e) => save(e.detail)}>
 *   <dash-stat-grid metrics="revenue,orders" compact />
 * </dash-board>
 * ```
 *
 * The event types (`DashPeriodChangeEvent`, `DashPeriod`, …) are exported from here too.
 */
import type { LitElement } from 'lit';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { DashActivity } from './components/activity/activity.js';
import type { DashAgingTable } from './components/aging-table/aging-table.js';
import type { DashBoard } from './components/board/board.js';
import type { DashChart } from './components/chart/chart.js';
import type { DashLowStock } from './components/low-stock/low-stock.js';
import type { DashPeriodFilter } from './components/period-filter/period-filter.js';
import type { DashStatCard } from './components/stat-card/stat-card.js';
import type { DashStatGrid } from './components/stat-grid/stat-grid.js';
import type { DashStatus } from './components/status/status.js';

export type { DashFilter, DashFilterChangeEvent, FilterChangeDetail } from './events/filter-change.js';
export type { DashPeriod, DashPeriodChangeEvent } from './events/period-change.js';
export type { DashRowToggleEvent, RowToggleDetail } from './events/row-toggle.js';
export type { DashSortChangeEvent, SortChangeDetail } from './events/sort-change.js';

/** Every dashkit element by tag. */
export interface DashkitElements {
  'dash-activity': DashActivity;
  'dash-aging-table': DashAgingTable;
  'dash-board': DashBoard;
  'dash-chart': DashChart;
  'dash-low-stock': DashLowStock;
  'dash-period-filter': DashPeriodFilter;
  'dash-stat-card': DashStatCard;
  'dash-stat-grid': DashStatGrid;
  'dash-status': DashStatus;
}

/** Fails to compile when a `dash-*` tag of HTMLElementTagNameMap is missing from DashkitElements. */
type AllListed<Missing extends never> = Missing;
type _EveryTagListed = AllListed<
  Exclude<Extract<keyof HTMLElementTagNameMap, `dash-${string}`>, keyof DashkitElements>
>;

type IfEquals<X, Y, Then, Else> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? Then : Else;

/** Keys of T that can be assigned (no getter-only accessors, no readonly fields). */
type WritableKeys<T> = {
  [K in keyof T]-?: IfEquals<{ [Q in K]: T[K] }, { -readonly [Q in K]: T[K] }, K, never>;
}[keyof T];

/** Keys an element adds to LitElement that hold data (no methods) and can be assigned. */
type PropertyKeys<E> = {
  [K in Exclude<WritableKeys<E>, keyof LitElement>]: E[K] extends (...args: never[]) => unknown ? never : K;
}[Exclude<WritableKeys<E>, keyof LitElement>];

/** An element's settable properties, all optional. */
export type DashElementProperties<E> = { [K in PropertyKeys<E>]?: E[K] };

/** `ondash-period-change`, `ondash-sort-change`, … : one handler per dashkit event, typed by the event. */
export type DashEventHandlers = {
  [K in keyof GlobalEventHandlersEventMap as K extends `dash-${string}` ? `on${K}` : never]?: (
    event: GlobalEventHandlersEventMap[K],
  ) => void;
};

/** What one dashkit tag accepts in React JSX. */
export type DashJsxProps<E extends HTMLElement> = Omit<
  DetailedHTMLProps<HTMLAttributes<E>, E>,
  keyof DashElementProperties<E>
> &
  DashElementProperties<E> &
  DashEventHandlers;

/** The dashkit tags as JSX intrinsic elements, for frameworks whose JSX namespace you augment yourself. */
export type DashkitIntrinsicElements = { [T in keyof DashkitElements]: DashJsxProps<DashkitElements[T]> };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends DashkitIntrinsicElements {}
  }
}
