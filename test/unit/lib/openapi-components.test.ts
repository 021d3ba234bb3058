// Large schemas used by several routes are written once in components.schemas and referenced.
import t from 'tap';
import { shareSchemas } from '../../../src/lib/openapi-components.js';

const big = (kind: string) => ({
  type: 'object',
  properties: {
    kind: { type: 'string', const: kind },
    spec: {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${kind}${i}`, { type: 'string' }])),
    },
  },
});
const small = { type: 'object', properties: { name: { type: 'string' } } };
const body = (schema: object) => ({ content: { 'application/json': { schema } } });

t.test('a large schema found twice moves to components, named after its kind', async (t) => {
  const document = {
    openapi: '3.0.3',
    paths: {
      '/a': { post: { requestBody: body(big('Widget')), responses: { 200: body(big('Widget')) } } },
      '/b': {
        get: { responses: { 200: body(big('Gadget')) } },
        put: { requestBody: body(small), responses: { 200: body(small) } },
      },
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
  const shared = shareSchemas(document) as any;
  t.same(shared.paths['/a'].post.requestBody.content['application/json'].schema, {
    $ref: '#/components/schemas/Widget',
  });
  t.same(shared.paths['/a'].post.responses[200].content['application/json'].schema, {
    $ref: '#/components/schemas/Widget',
  });
  t.same(shared.components.schemas.Widget, big('Widget'), 'written once, as it was');
  t.same(shared.paths['/b'].get.responses[200].content['application/json'].schema, big('Gadget'), 'used once: inline');
  t.same(shared.paths['/b'].put.requestBody.content['application/json'].schema, small, 'small: inline');
  t.same(Object.keys(shared.components.schemas), ['Widget']);
  t.ok(shared.components.securitySchemes.bearerAuth, 'other components kept');
  t.same(
    document.paths['/a'].post.requestBody.content['application/json'].schema,
    big('Widget'),
    'the input is not changed',
  );
});
