// Writes the OpenAPI document that the routes produce to openapi/openapi.json
// (`npm run openapi`); a test fails when the committed file is stale.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server.js';

export async function generateOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-openapi-'));
  const app = await buildApp({ dataDir, adminToken: 'openapi-generation-only-token', logLevel: 'silent' });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL('../openapi/openapi.json', import.meta.url);
  writeFileSync(path, await generateOpenApi());
  process.stdout.write(`wrote ${path.pathname}\n`);
}
