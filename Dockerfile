# syntax=docker/dockerfile:1
#
# task-mcp as a container: `docker build -t task-mcp .`, then
#   docker run -d -p 127.0.0.1:8443:8443 -v "$PWD:/data" -e AUTH_TOKENS=… task-mcp
#
# Two stages. The build stage installs the toolchain (`npm ci`), compiles dist/task-mcp and
# assembles the final root file system with scripts/scratch_rootfs.sh: the binary, exactly the
# loader and shared libraries `ldd` names (Bun's executable is dynamically linked against
# glibc), CA certificates, /etc/passwd and /etc/group with the user task-mcp (10001), /data
# and /tmp. The final stage is that folder on `scratch`: no shell, no package manager.
# tests/dist_scratch_test.ts runs the same folder under chroot to prove it is complete.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV OPENSPEC_TELEMETRY=0 NO_COLOR=1 npm_config_update_notifier=false
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && ./dist/task-mcp --version \
 && sh scripts/scratch_rootfs.sh /rootfs dist/task-mcp

FROM scratch
# Files copied from another stage keep their owner: /data belongs to 10001, the rest to root.
COPY --from=build /rootfs/ /
USER 10001:10001
WORKDIR /data
ENV WORKING_DIRECTORY=/data
VOLUME ["/data"]
EXPOSE 8443
# The binary is its own probe (there is no shell or curl in the image): it requests
# /healthz on the loopback address and exits 0 on 200, 1 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/task-mcp", "healthcheck", "--url", "http://127.0.0.1:8443/healthz"]
ENTRYPOINT ["/usr/local/bin/task-mcp"]
# Listening on every interface of the container; set AUTH_TOKENS (see README "Deployment").
CMD ["serve", "--host", "0.0.0.0", "--port", "8443"]
