# The chat server, also serving the built web client. Build: npm run docker -- prod:build
# (or docker build -f docker/server.Dockerfile --build-arg NODE_IMAGE=node:20-bookworm-slim .)
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: dependencies with their native parts, the web client and the code compiled to dist/ ---
# The same steps as translator.Dockerfile's build stage, so the second image reuses the first one's layers.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles when its prebuilt binary cannot be fetched: a toolchain, unless the base has one.
RUN (command -v g++ && command -v make && command -v python3) >/dev/null \
    || (apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
        && rm -rf /var/lib/apt/lists/*)
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# --- run: compiled code and production dependencies only, as a non-root user ---
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production \
    MEESHY_HOST=0.0.0.0 \
    MEESHY_PORT=3001 \
    MEESHY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY docker/healthcheck.js ./docker/healthcheck.js
RUN groupadd --system meeshy && useradd --system --gid meeshy --home /app meeshy \
    && mkdir -p /data && chown meeshy:meeshy /data
USER meeshy
VOLUME ["/data"]
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD node /app/docker/healthcheck.js http "http://127.0.0.1:${MEESHY_PORT}/health"
CMD ["node", "dist/app/server/main.js"]
