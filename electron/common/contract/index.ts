import type { z } from 'zod';
import { annotationEvents, annotationOps } from './annotations';
import { appOps } from './app';
import { datasetEvents, datasetOps } from './datasets';
import { exportOps } from './export';
import { jobEvents, jobOps } from './jobs';
import { maskEditEvents, maskEditOps } from './mask-edit';
import { maskOps } from './masks';
import { reviewEvents, reviewOps } from './review';
import { histogramOps, scanOps, scanStreams } from './scans';
import { surfaceOps } from './surfaces';
import type { EventSpec, OpSpec, StreamSpec } from './define';

export * from './annotations';
export * from './app';
export * from './datasets';
export * from './export';
export * from './jobs';
export * from './mask-edit';
export * from './masks';
export * from './review';
export * from './scans';
export * from './surfaces';
export { Bytes, U32Bytes, type EventSpec, type OpSpec, type StreamSpec } from './define';

/** Every operation of LungDesk's backend. Each host loops over this; nothing is hand-wired. */
export const operations = { ...appOps, ...datasetOps, ...scanOps, ...histogramOps, ...annotationOps, ...reviewOps, ...maskOps, ...maskEditOps, ...exportOps, ...surfaceOps, ...jobOps } as const;
/** Every streamed operation: items sent one after the other over one call. */
export const streams = { ...scanStreams } as const;
/** Every event the backend emits. */
export const events = { ...datasetEvents, ...annotationEvents, ...reviewEvents, ...maskEditEvents, ...jobEvents } as const;

export type Operations = typeof operations;
export type Streams = typeof streams;
export type StreamName = keyof Streams;
export type Events = typeof events;
export type OpName = keyof Operations;
export type EventName = keyof Events;

export const OP_NAMES = Object.keys(operations) as OpName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
export const STREAM_NAMES = Object.keys(streams) as StreamName[];

export type OpInput<K extends OpName> = z.input<Operations[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Operations[K]['output']>;
export type StreamInput<K extends StreamName> = z.input<Streams[K]['input']>;
export type StreamItem<K extends StreamName> = z.output<Streams[K]['item']>;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;

export type Unsubscribe = () => void;

/**
 * The receiving end of a stream: called with each item in order; returning false stops the
 * stream (the backend stops after the item it is sending). An item's buffers are valid only
 * until `receive` returns (a transport may reuse them for the next item): copy what you keep.
 */
export type StreamReceiver<T> = (item: T) => boolean | void;

/**
 * The sending end, in a handler: sends one item and resolves once the transport is done with
 * its bytes (the handler may reuse its buffers) with true, or with false when the receiver is
 * gone: the handler then stops.
 */
export type StreamEmitter<T> = (item: T) => Promise<boolean>;

/** `window.lungdesk`: derived from the contract, never written by hand. */
export type LungDeskApi = { [K in OpName]: (input: OpInput<K>) => Promise<OpOutput<K>> } & {
  /** Resolves once every item was received (or the receiver stopped it); rejects on the backend's error. */
  [K in StreamName]: (input: StreamInput<K>, receive: StreamReceiver<StreamItem<K>>) => Promise<void>;
} & {
  [K in EventName]: (listener: (payload: EventPayload<K>) => void) => Unsubscribe;
};

/** What a host implements: one async function per operation, taking validated input. */
export type ContractHandlers = {
  [K in OpName]: (input: z.output<Operations[K]['input']>) => Promise<OpOutput<K>>;
} & {
  [K in StreamName]: (input: z.output<Streams[K]['input']>, emit: StreamEmitter<StreamItem<K>>) => Promise<void>;
};

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}
export function isStreamName(name: string): name is StreamName {
  return Object.prototype.hasOwnProperty.call(streams, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** IPC channel of an operation or event (Electron). */
export function channelOf(name: OpName | StreamName | EventName): string {
  return `lungdesk:${name}`;
}

// Keeps the specs' generic shape checked at compile time.
const _check: Record<string, OpSpec> = operations;
const _checkE: Record<string, EventSpec> = events;
const _checkS: Record<string, StreamSpec> = streams;
void _checkS;
void _check;
void _checkE;
