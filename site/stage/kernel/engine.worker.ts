/**
 * The engine worker: owns the notebook's timeline so a long command never freezes the page.
 * Each message is one request; each gets exactly one answer, a `failed` one if anything throws.
 */
import type { KernelRequest, KernelResponse } from '../protocol.ts';
import { KernelHost } from './kernel-host.ts';

// The project's lib is DOM, not WebWorker (the two conflict): declare the little of the worker
// global this file uses. Module-scoped, so it shadows the DOM `self` here only.
declare const self: {
  onmessage: ((event: { readonly data: KernelRequest }) => void) | null;
  postMessage(message: KernelResponse): void;
};

const host = new KernelHost();

self.onmessage = (event) => {
  let response: KernelResponse;
  try {
    response = host.handle(event.data);
  } catch (error) {
    const id = typeof event.data?.id === 'number' ? event.data.id : -1;
    response = { id, type: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(response);
};
