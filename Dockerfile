# The worker, for docker-compose.yml (also its one-shot that registers the search attributes). The Temporal server,
# UI and SMTP catcher come from their own images.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY rules ./rules
COPY common ./common
COPY codec ./codec
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY client ./client
COPY scripts ./scripts
# The worker runs as `node` and writes its state, outbox, drive copies and invoices: under /data (compose's volume,
# which takes this ownership when first created) and, for any folder left at its relative default, under /app.
RUN mkdir -p /data/recordings /data/outbox /data/state /data/drive /data/invoices \
  && chown -R node:node /data \
  && chown node:node /app
USER node
CMD ["npx", "tsx", "worker/main.ts"]
