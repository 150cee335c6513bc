# gatekeeper in a small image, for GitLab CI and any runner that takes an image:
#
#   docker build -t gatekeeper .
#   docker run --rm -v "$PWD:/work" gatekeeper check --format codeclimate
#
# Stage 1 builds a binary with the Swift runtime linked in (--static-swift-stdlib); stage 2 is a
# plain Ubuntu with git (gatekeeper asks git for the files of a work tree) and that binary (which
# still needs the C and C++ runtimes, glibc and libstdc++, as any --static-swift-stdlib binary does).
# .ci/run-dockerfile runs the build stage's commands without Docker (the tests do).
ARG SWIFT_IMAGE=swift:6.2-noble
ARG RUNTIME_IMAGE=ubuntu:24.04

FROM ${SWIFT_IMAGE} AS build
ARG CONFIGURATION=release
ARG OUT=/out
WORKDIR /src
COPY . .
RUN swift build -c "$CONFIGURATION" --static-swift-stdlib --product gatekeeper
RUN mkdir -p "$OUT" \
 && cp "$(swift build -c "$CONFIGURATION" --static-swift-stdlib --show-bin-path)/gatekeeper" "$OUT/gatekeeper" \
 && "$OUT/gatekeeper" version

FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*'
COPY --from=build /out/gatekeeper /usr/local/bin/gatekeeper
WORKDIR /work
ENTRYPOINT ["gatekeeper"]
CMD ["check", "."]
