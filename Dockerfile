# syntax=docker/dockerfile:1
# Planboten: the compiled server with its search index built into the image.
#   docker build -t planboten .
#   docker run -p 3978:3978 planboten            (one instance, state in the container)
#   docker compose up --build                    (two instances, Redis, nginx: see compose.yaml)

# --- build: dependencies, compile to dist/, build the index, then drop dev dependencies ---------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# hnswlib-node compiles a native addon (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts off for the install itself (the package's prepare needs the sources, copied below);
# hnswlib-node's native build is then run on its own.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild hnswlib-node
COPY . .
RUN npm run build \
 && node dist/scripts/index.js > /dev/null \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: node, the build and the read-only index; runs as the unprivileged `node` user ---------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
# Only the feedback folder is written at run time (feedback.jsonl without Redis, pending.jsonl with).
RUN mkdir -p data/feedback && chown node:node data/feedback
VOLUME ["/app/data/feedback"]
USER node
EXPOSE 3978
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: finishes requests in flight, closes Redis, exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/scripts/start.js"]
