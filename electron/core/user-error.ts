import type { BridgeErrorKind } from '../contract';

/** A failure the core raises itself, with a kind and a sentence for the person. */
export class UserFacingError extends Error {
  constructor(
    readonly kind: BridgeErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
