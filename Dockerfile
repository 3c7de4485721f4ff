# One image for the three Node services of Sjukfall; docker-compose.yml picks the entry point:
#   worker: npx tsx worker/main.ts   api: npx tsx server/main.ts (default)   stubs: npx tsx stubs/main.ts
# TypeScript runs through tsx, which is a runtime dependency (package.json "dependencies"), so the
# image has no build step and installs production dependencies only.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so source changes reuse this layer. The Temporal SDK ships prebuilt native
# binaries for linux glibc (bookworm), so no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Source folders (test/unit/compose.test.ts checks that every top-level source folder is copied here).
COPY tsconfig.json ./
COPY platform ./platform
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY contract ./contract
COPY api ./api
COPY server ./server
COPY stubs ./stubs
COPY scripts ./scripts
COPY scenarios ./scenarios
COPY simulator ./simulator
COPY harness ./harness
COPY web ./web
COPY readModel ./readModel

# The code stays owned by root (read-only for the service); DATA_DIR (default /app/.data) is the
# only place the process may write.
RUN mkdir -p /app/.data && chown node:node /app/.data

USER node

EXPOSE 3000 3100
CMD ["npx", "tsx", "server/main.ts"]
