# The translator (gRPC, ONNX models on the CPU; Prometheus metrics over HTTP). Build: npm run docker -- prod:build
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: the same steps as server.Dockerfile's build stage, so the second image reuses its layers ---
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

# --- run: compiled code (with its .proto files) and production dependencies, as a non-root user ---
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production \
    MEESHY_TRANSLATOR_HOST=0.0.0.0 \
    MEESHY_TRANSLATOR_PORT=50051 \
    MEESHY_TRANSLATOR_METRICS_HOST=0.0.0.0 \
    MEESHY_TRANSLATOR_METRICS_PORT=9464 \
    MEESHY_DATA_DIR=/data
# The prepacked weights on huge pages, as the desktop stack gives its translator (stack/translator-env.ts).
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY docker/healthcheck.js ./docker/healthcheck.js
RUN groupadd --system meeshy && useradd --system --gid meeshy --home /app meeshy \
    && mkdir -p /data/models && chown -R meeshy:meeshy /data
USER meeshy
# The models (downloaded on first start) live in a named volume so they survive new images.
VOLUME ["/data"]
EXPOSE 50051 9464
# The first start downloads the default model before the translator serves: failed checks do not count
# for 30 minutes (the first success ends that period at once).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30m --retries=10 \
  CMD node /app/docker/healthcheck.js grpc "127.0.0.1:${MEESHY_TRANSLATOR_PORT}"
CMD ["node", "dist/app/translator/main.js"]
