# The worker, for docker-compose.yml (also its one-shot that registers the search attributes). The Temporal server,
# UI and SMTP catcher come from their own images. Built in two stages: TypeScript is compiled with the dev
# dependencies, and the image runs the compiled JavaScript with production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY rules ./rules
COPY common ./common
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY client ./client
COPY intake ./intake
COPY codec ./codec
COPY scripts ./scripts
# `prepare` compiles into lib/.
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Without scripts: `prepare` would need TypeScript, a dev dependency; lib/ comes from the build stage. The native
# binaries (@swc/core, esbuild) arrive as optional dependencies, so their install checks are not needed.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY --from=build /app/lib ./lib
# The worker runs as `node` and writes its state, outbox, drive copies and invoices: under /data (compose's volume,
# which takes this ownership when first created) and, for any folder left at its relative default, under /app.
RUN mkdir -p /data/recordings /data/outbox /data/state /data/drive /data/invoices \
  && chown -R node:node /data \
  && chown node:node /app
USER node
CMD ["node", "--enable-source-maps", "--max-old-space-size=512", "lib/worker/main.js"]
