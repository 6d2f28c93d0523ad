/**
 * The few service-worker globals src/sw/service-worker.ts uses. TypeScript's `webworker` library
 * cannot share a program with `dom` (their declarations clash), and the project is type-checked as
 * one program (`tsc --noEmit -p .`), so these are declared here instead.
 */

export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}

export interface ServiceWorkerScope {
  readonly location: { readonly href: string; readonly origin: string };
  skipWaiting(): Promise<void>;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly { url: string }[]>;
  };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

/** This worker's global scope. */
export const worker = self as unknown as ServiceWorkerScope;
