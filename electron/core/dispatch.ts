import { ZodError } from 'zod';
import {
  methodArgs,
  isMethodName,
  type BridgeError,
  type BridgeResult,
  type ContractHandlers,
  type EventName,
  type EventPayloads,
  type MethodName,
  type MethodResults,
  type ParsedArgs,
} from '../contract';
import { isOpenSupportsError, ApiError } from './opensupports/errors';
import { InvalidUrl } from './opensupports/api-root';
import { UserFacingError } from './user-error';

export type ServiceMethods = { [M in MethodName]: (...args: ParsedArgs<M>) => Promise<MethodResults[M]> };

export interface EventSource {
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
}

/**
 * Validates what arrives from the renderer against the contract, runs the service method, and
 * turns every outcome into a BridgeResult. Both hosts (Electron IPC and the browser host) use this,
 * so they cannot disagree about validation or error shapes.
 */
export function createDispatcher(service: ServiceMethods, events: EventSource, log: (line: string) => void = () => undefined): ContractHandlers {
  return {
    async invoke<M extends MethodName>(method: M, args: unknown): Promise<BridgeResult<MethodResults[M]>> {
      if (!isMethodName(method)) return { ok: false, error: { kind: 'invalid-input', message: 'Unknown request.' } };
      const parsed = methodArgs[method].safeParse(Array.isArray(args) ? args : [args]);
      if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
      try {
        const handler = service[method] as (...a: unknown[]) => Promise<MethodResults[M]>;
        return { ok: true, value: await handler(...(parsed.data as unknown[])) };
      } catch (error) {
        const bridged = toBridgeError(error);
        if (bridged.kind === 'internal') log(`internal error in ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { ok: false, error: bridged };
      }
    },
    subscribe: (listener) => events.subscribe(listener),
  };
}

function invalidInput(error: ZodError): BridgeError {
  const issue = error.issues[0];
  const field = issue?.path.filter((p) => typeof p === 'string').join('.') || 'request';
  return { kind: 'invalid-input', message: `The ${field} is not valid: ${issue?.message ?? 'unexpected value'}.` };
}

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof UserFacingError) return { kind: error.kind, message: error.message, ...(error.code ? { code: error.code } : {}) };
  if (error instanceof ApiError) return { kind: 'api', message: error.message, code: error.code };
  if (isOpenSupportsError(error)) return { kind: error.kind, message: error.message };
  if (error instanceof InvalidUrl) return { kind: 'invalid-input', message: error.message };
  if (error instanceof ZodError) return invalidInput(error);
  return { kind: 'internal', message: 'Something went wrong inside Staffdesk. Try again; if it keeps happening, restart the app.' };
}
