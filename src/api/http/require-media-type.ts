// The Content-Type a route takes, checked before anything reads the body.
import type { FastifyRequest } from 'fastify';
import { mediaTypeOf } from '../../lib/media-type.js';
import { ApiError } from './errors.js';

/** A preValidation hook: runs before the body is validated, so a wrong type is a 415 first. */
export const requireMediaType =
  (...expected: string[]) =>
  async (request: FastifyRequest): Promise<void> => {
    const given = mediaTypeOf(request.headers['content-type']);
    if (!expected.includes(given)) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of ${request.method} must be sent as ${expected.join(' or ')}, not "${given || 'none'}"`,
      );
    }
  };
