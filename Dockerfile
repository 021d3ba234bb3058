# syntax=docker/dockerfile:1
# The tmc image: one executable for the server and the syncer agent.
#   docker build -t tmc:dev .
#   docker run -p 6443:6443 -e TMC_ADMIN_TOKEN=... tmc:dev              (server: HTTPS, SQLite in /data)
#   docker run tmc:dev syncer --sync-target-name edge-1 --server ...      (agent)

# ---- build: compile TypeScript; better-sqlite3's native addon needs a compiler toolchain here.
# Node 24, the current LTS. Both stages use the same image: the native addon built here must
# match the Node ABI it runs on.
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (a build) needs the sources, copied below;
# the one dependency with a native part is then built explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
# The dashboard (/ui): bundled into dist/ui by the same build.
COPY ui ./ui
COPY scripts/build-ui.ts ./scripts/
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts

# ---- runtime: production dependencies, the compiled code and the CRD it installs, as a non-root user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    TMC_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: the kcp mirror installs this CRD (src/kcp/crd.ts).
COPY deploy/crds ./deploy/crds
# uid/gid 1000 is the image's `node` user; numeric so Kubernetes' runAsNonRoot can verify it
# (the bootstrap manifest sets runAsUser: 1000 to match).
RUN mkdir -m 0700 /data && chown 1000:1000 /data
USER 1000:1000
VOLUME ["/data"]
EXPOSE 6443
# Ready, not just alive: /readyz answers 503 until the store is open and migrated. HTTPS unless
# TMC_INSECURE_HTTP; the probe sends no credential, so it need not verify the server's certificate.
# (The syncer has no HTTP port: its containers override this check.)
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "const s=process.env.TMC_INSECURE_HTTP?'http':'https';require(s).get(s+'://127.0.0.1:'+(process.env.TMC_PORT||6443)+'/readyz',{rejectUnauthorized:false},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["server"]
