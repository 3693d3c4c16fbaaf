# The worker, for docker-compose.yml. The Temporal server, UI and SMTP catcher come from their own images.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY client ./client
USER node
CMD ["npx", "tsx", "worker/main.ts"]
