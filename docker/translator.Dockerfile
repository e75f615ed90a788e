# The translator (gRPC, ONNX models on the CPU). Build: npm run docker -- prod:build
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS run
ARG TRANSLATOR_ENTRY=dist/translator/main.js
ENV NODE_ENV=production \
    MEESHY_TRANSLATOR_PORT=50051 \
    MEESHY_DATA_DIR=/data \
    TRANSLATOR_ENTRY=${TRANSLATOR_ENTRY}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/proto ./proto
COPY docker/healthcheck.js ./docker/healthcheck.js
RUN groupadd --system meeshy && useradd --system --gid meeshy --home /app meeshy \
    && mkdir -p /data/models && chown -R meeshy:meeshy /data
USER meeshy
# The models (downloaded on first start) live in a named volume so they survive new images.
VOLUME ["/data"]
EXPOSE 50051
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=10 \
  CMD node /app/docker/healthcheck.js grpc "127.0.0.1:${MEESHY_TRANSLATOR_PORT}"
CMD ["sh", "-c", "exec node \"$TRANSLATOR_ENTRY\""]
