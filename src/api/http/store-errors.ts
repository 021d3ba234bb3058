// Store failures as the API reports them.
import { StoreError } from '../../store/types.js';
import { ApiError, alreadyExists, conflict, gone, invalidObject, notFound, type ErrorTarget } from './errors.js';

export function fromStoreError(error: unknown, target: ErrorTarget): unknown {
  if (!(error instanceof StoreError)) return error;
  switch (error.code) {
    case 'NotFound':
      return notFound(target);
    case 'AlreadyExists':
      return alreadyExists(target);
    case 'Conflict':
      return conflict(target, error.message);
    case 'Expired':
      return gone(error.message);
    case 'Invalid': {
      const field = error.field?.field || '<object>';
      const message = error.field?.message ?? error.message;
      return invalidObject(target, [{ reason: 'FieldValueInvalid', field, message }]);
    }
  }
}

/** Runs a store call and rethrows its StoreError as the matching ApiError. */
export async function storeCall<T>(target: ErrorTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromStoreError(error, target);
  }
}

export const isApiError = (error: unknown, reason: string): boolean =>
  error instanceof ApiError && error.reason === reason;
